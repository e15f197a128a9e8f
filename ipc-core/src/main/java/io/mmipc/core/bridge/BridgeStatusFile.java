package io.mmipc.core.bridge;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.mmipc.core.bridge.BridgeStatusDescriptor.*;

/**
 * A bridge's status file, mapped: the bridge writes it ({@link #create}), {@code ipc stat} reads it
 * ({@link #read}).
 */
public final class BridgeStatusFile implements AutoCloseable
{
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private BridgeStatusFile(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Creates (or takes over) the status file and writes its header.
     *
     * @param path the file.
     * @param role {@link BridgeStatusDescriptor#SEND} or {@link BridgeStatusDescriptor#RECEIVE}.
     * @param peer the other bridge's address.
     */
    public static BridgeStatusFile create(final Path path, final int role, final String peer)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
            final BridgeStatusFile file = new BridgeStatusFile(path, mapped);
            final UnsafeBuffer b = file.buffer;
            b.setMemory(0, LENGTH, (byte)0);
            b.putLong(PID_OFFSET, ProcessHandle.current().pid());
            b.putLong(VERSION_ROLE_OFFSET, ((long)role << 32) | VERSION);
            final byte[] bytes = peer.getBytes(StandardCharsets.US_ASCII);
            final int length = Math.min(bytes.length, PEER_MAX);
            b.putBytes(PEER_OFFSET, bytes, 0, length);
            b.putLong(PEER_LENGTH_OFFSET, length);
            b.putLong(LAST_SENT_OFFSET, -1);
            b.putLong(LAST_ACKED_OFFSET, -1);
            b.putLongRelease(MAGIC_OFFSET, MAGIC); // last: a reader trusts the fields once it sees the magic
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("creating " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param path a status file.
     * @return the file mapped, or null if it is missing, short or not a bridge status file.
     */
    public static BridgeStatusFile read(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            if (channel.size() < LENGTH)
            {
                return null;
            }
            final BridgeStatusFile file = new BridgeStatusFile(path, channel.map(FileChannel.MapMode.READ_ONLY, 0, LENGTH));
            if (file.buffer.getLongVolatile(MAGIC_OFFSET) != MAGIC || (int)file.buffer.getLong(VERSION_ROLE_OFFSET) != VERSION)
            {
                file.close();
                return null;
            }
            return file;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * Release stores: a reader sees each field whole; the updated time last, as a heartbeat.
     */
    public void update(final long records, final long lastSent, final long lastAcked, final long rewinds,
        final boolean connected, final long naksSent, final long naksReceived, final long retransmits,
        final long lossGapFills)
    {
        buffer.putLongRelease(CONNECTED_OFFSET, connected ? 1 : 0);
        buffer.putLongRelease(RECORDS_OFFSET, records);
        buffer.putLongRelease(LAST_SENT_OFFSET, lastSent);
        buffer.putLongRelease(LAST_ACKED_OFFSET, lastAcked);
        buffer.putLongRelease(REWINDS_OFFSET, rewinds);
        buffer.putLongRelease(NAKS_SENT_OFFSET, naksSent);
        buffer.putLongRelease(NAKS_RECEIVED_OFFSET, naksReceived);
        buffer.putLongRelease(RETRANSMITS_OFFSET, retransmits);
        buffer.putLongRelease(LOSS_GAP_FILLS_OFFSET, lossGapFills);
        buffer.putLongRelease(UPDATED_OFFSET, System.currentTimeMillis());
    }

    public Path path()
    {
        return path;
    }

    public int role()
    {
        return (int)(buffer.getLongVolatile(VERSION_ROLE_OFFSET) >>> 32);
    }

    public long pid()
    {
        return buffer.getLongVolatile(PID_OFFSET);
    }

    public long updatedMillis()
    {
        return buffer.getLongVolatile(UPDATED_OFFSET);
    }

    public boolean connected()
    {
        return buffer.getLongVolatile(CONNECTED_OFFSET) != 0;
    }

    public long records()
    {
        return buffer.getLongVolatile(RECORDS_OFFSET);
    }

    public long lastSent()
    {
        return buffer.getLongVolatile(LAST_SENT_OFFSET);
    }

    public long lastAcked()
    {
        return buffer.getLongVolatile(LAST_ACKED_OFFSET);
    }

    public long rewinds()
    {
        return buffer.getLongVolatile(REWINDS_OFFSET);
    }

    public long naksSent()
    {
        return buffer.getLongVolatile(NAKS_SENT_OFFSET);
    }

    public long naksReceived()
    {
        return buffer.getLongVolatile(NAKS_RECEIVED_OFFSET);
    }

    public long retransmits()
    {
        return buffer.getLongVolatile(RETRANSMITS_OFFSET);
    }

    public long lossGapFills()
    {
        return buffer.getLongVolatile(LOSS_GAP_FILLS_OFFSET);
    }

    public String peer()
    {
        final int length = (int)Math.min(PEER_MAX, Math.max(0, buffer.getLongVolatile(PEER_LENGTH_OFFSET)));
        return buffer.getStringWithoutLengthAscii(PEER_OFFSET, length);
    }

    /**
     * @return true if the bridge that wrote this file is still running.
     */
    public boolean alive()
    {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }

    /**
     * Removes the file: call when the bridge stops.
     */
    public void delete()
    {
        close();
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            // best effort: a stale file reads as a bridge that is not running
        }
    }
}
