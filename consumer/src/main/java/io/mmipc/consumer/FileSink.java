package io.mmipc.consumer;

import org.agrona.DirectBuffer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends payloads to a file, exactly once across {@code kill -9} and restarts.
 *
 * <p>Beside the output it keeps an offset record, {@code PATH.mmipc-offset}:
 * <pre>
 *   0               8                16               24
 *   +---------------+----------------+----------------+
 *   | NEXT_SEQUENCE | OUTPUT_LENGTH  | ENDED (0 or 1) |
 *   +---------------+----------------+----------------+
 * </pre>
 * written (a 24-byte positional write, whole or not at all as far as a killed process is concerned)
 * after the output is flushed and <em>before</em> the consumer gives the records' space back to the
 * ring. So after a crash: records whose bytes reached the output but not the offset record are
 * still in the ring (the output is cut back to OUTPUT_LENGTH and they are written again), and
 * records in the ring that the offset record already covers (sequence below NEXT_SEQUENCE) are
 * skipped. Neither a gap nor a duplicate. Kernel buffers survive a killed process; a power cut is
 * out of scope (no fsync per batch).
 *
 * <p>SIGHUP asks it to reopen the path (after a log rotation moved the old file away); the reopen
 * happens on the consumer's thread between records.
 */
final class FileSink extends StreamSink
{
    static final String OFFSET_SUFFIX = ".mmipc-offset";

    private final Path path;
    private final Path offsetPath;
    private final FileChannel offsets;
    private final ByteBuffer offsetRecord = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    private final long skipBelow;
    private final boolean endedBefore;
    private long length;
    private boolean ended;
    private volatile boolean reopen;

    FileSink(final Path path, final int maxRecordLength)
    {
        super(maxRecordLength, openAppending(path));
        this.path = path;
        this.offsetPath = path.resolveSibling(path.getFileName() + OFFSET_SUFFIX);
        try
        {
            final boolean resume = Files.exists(offsetPath);
            offsets = FileChannel.open(offsetPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            if (resume && offsets.size() >= 24)
            {
                offsets.read(offsetRecord, 0);
                skipBelow = offsetRecord.getLong(0);
                length = offsetRecord.getLong(8);
                endedBefore = offsetRecord.getLong(16) != 0;
                ended = endedBefore;
                // Cut off what was written after the last offset record: those records are still in the ring.
                try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE))
                {
                    if (out.size() > length) // (>= would truncate to the same length: no different)
                    {
                        out.truncate(length);
                    }
                }
            }
            else
            {
                skipBelow = 0;
                length = Files.size(path);
                endedBefore = false;
                // Recorded before the first record is written: a consumer killed before its first
                // checkpoint leaves records in the output that are still in the ring, and its
                // successor must cut them off (found by the kill test: without this record the
                // successor kept them and wrote them again).
                offsetRecord.putLong(0, 0).putLong(8, length).putLong(16, 0);
                offsets.write(offsetRecord.clear(), 0);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot use sink file " + path + " or its offset record " + offsetPath +
                ": " + ex.getMessage(), ex);
        }
    }

    private static FileOutputStream openAppending(final Path path)
    {
        try
        {
            return new FileOutputStream(path.toFile(), true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open sink file " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return true if the offset record says this output already holds a whole stream.
     */
    boolean endedBefore()
    {
        return endedBefore;
    }

    Path offsetPath()
    {
        return offsetPath;
    }

    void requestReopen()
    {
        reopen = true;
    }

    @Override
    public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (sequence < skipBelow)
        {
            return; // already in the output before a crash: skip the duplicate
        }
        if (reopen)
        {
            reopen = false;
            replace(openAppending(path)); // flushes what the old file is owed first
            try
            {
                this.length = Files.size(path);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("reopening sink file " + path + ": " + ex.getMessage(), ex);
            }
            // The offset record describes the file at PATH: from here on the new one. Written before
            // this record goes to it, so a restart neither cuts the new file back to the old file's
            // length nor writes the records before this one again.
            checkpoint(sequence);
        }
        super.onMessage(typeId, sequence, buffer, offset, length);
        this.length += length;
    }

    @Override
    public void onEndOfStream()
    {
        ended = true; // written with the checkpoint that follows: the output then holds a whole stream
    }

    @Override
    public void beforeRelease(final long nextSequence)
    {
        checkpoint(nextSequence);
    }

    private void checkpoint(final long nextSequence)
    {
        flush();
        offsetRecord.putLong(0, Math.max(nextSequence, skipBelow)).putLong(8, length).putLong(16, ended ? 1 : 0);
        try
        {
            offsets.write(offsetRecord.clear(), 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing offset record " + offsetPath + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close()
    {
        super.close();
        try
        {
            offsets.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("closing " + offsetPath + ": " + ex.getMessage(), ex);
        }
    }
}
