package io.mmipc.core.file;

import io.mmipc.core.signal.NativeCalls;
import io.mmipc.exceptions.ChannelCorruptedException;
import io.mmipc.exceptions.ChannelFileException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static io.mmipc.core.file.ChannelDescriptor.*;

/**
 * One channel file, validated and mapped read-write as a whole.
 *
 * <p><b>Which library does what.</b> The mapping and every atomic access go through Agrona: an
 * {@link UnsafeBuffer} over the {@link MappedByteBuffer} gives plain, release, acquire, volatile
 * and CAS access at any offset, with bounds checks left on so that a corrupt offset is an
 * exception, never a stray write. Chronicle Bytes' {@code MappedBytes} is strongest for files that
 * grow in chunks; a channel is one fixed-size mapping, so it is not used here (it would add native
 * libraries and three more JVM flags for no measured gain: two JVMs doing 10^6 CAS each on a
 * mapped long end at exactly 2*10^6 through either library).
 *
 * <p>Creation is atomic and opening validates before mapping: see {@link MappedFiles}.
 */
public final class ChannelFile implements AutoCloseable
{
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int maxRecordLength;
    private boolean closed;

    /**
     * Reads the sizes once, from the mapping itself, and checks them against the mapping's real
     * length: these are the values every masked, unchecked ring access relies on, so they must be
     * the ones checked. (The header was validated from a separate read before mapping; a same-user
     * writer could change it in between.)
     *
     * @throws ChannelCorruptedException if the sizes no longer fit the mapping.
     */
    ChannelFile(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        final int capacity = buffer.getIntVolatile(CAPACITY_OFFSET);
        final int maxRecordLength = buffer.getIntVolatile(MAX_RECORD_LENGTH_OFFSET);
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1 ||
            (long)HEADER_LENGTH + capacity != mapped.capacity() || maxRecordLength < 1 ||
            maxRecordLength > maxAllowedRecordLength(capacity))
        {
            IoUtil.unmap(mapped);
            throw new ChannelCorruptedException(path, "capacity " + capacity + " and max record " + maxRecordLength +
                " in the header do not fit the " + mapped.capacity() + "-byte mapping (the header changed after it " +
                "was validated); stop whatever writes to the file, or remove it");
        }
        this.capacity = capacity;
        this.maxRecordLength = maxRecordLength;
    }

    /**
     * Opens the channel file, creating it with the given sizes if it does not exist.
     *
     * @param path            of the file.
     * @param capacity        ring bytes, a power of two, used only when creating.
     * @param maxRecordLength largest payload, used only when creating.
     * @param mode            permissions of a new file, e.g. "rw-------".
     * @return the mapped file.
     */
    public static ChannelFile createOrOpen(
        final Path path, final int capacity, final int maxRecordLength, final Set<PosixFilePermission> mode)
    {
        return createOrOpen(path, capacity, maxRecordLength, mode, false);
    }

    /**
     * Opens the channel file, creating it with the given sizes if it does not exist.
     *
     * @param path            of the file.
     * @param capacity        ring bytes, a power of two, used only when creating.
     * @param maxRecordLength largest payload, used only when creating.
     * @param mode            permissions of a new file, e.g. "rw-------".
     * @param allowUntrusted  open even a link, another user's or an others-writable file ({@link FileTrust}).
     * @return the mapped file.
     */
    public static ChannelFile createOrOpen(final Path path, final int capacity, final int maxRecordLength,
        final Set<PosixFilePermission> mode, final boolean allowUntrusted)
    {
        checkSizes(path, capacity, maxRecordLength);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            create(path, capacity, maxRecordLength, mode);
        }
        return open(path, allowUntrusted);
    }

    /**
     * Opens an existing channel file, validating every static header field against the file's
     * real length before mapping it.
     *
     * @param path of the file.
     * @return the mapped file.
     * @throws ChannelFileException naming the file and the problem.
     */
    public static ChannelFile open(final Path path)
    {
        return open(path, false);
    }

    /**
     * Opens an existing channel file, validating every static header field against the file's
     * real length before mapping it.
     *
     * @param path           of the file.
     * @param allowUntrusted open even a link, another user's or an others-writable file ({@link FileTrust}).
     * @return the mapped file.
     * @throws ChannelFileException naming the file and the problem.
     */
    public static ChannelFile open(final Path path, final boolean allowUntrusted)
    {
        final MappedByteBuffer mapped = MappedFiles.mapValidated(path, allowUntrusted, HEADER_LENGTH,
            ChannelDescriptor::validate, "start the producer or consumer first (either creates it)");
        final ChannelFile file = new ChannelFile(path, mapped);
        try
        {
            file.validatePositions();
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
        return file;
    }

    private static void create(
        final Path path, final int capacity, final int maxRecordLength, final Set<PosixFilePermission> mode)
    {
        MappedFiles.createAtomically(path, (long)HEADER_LENGTH + capacity, mode, header ->
        {
            header.putInt(VERSION_OFFSET, VERSION);
            header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
            header.putInt(CAPACITY_OFFSET, capacity);
            header.putInt(MAX_RECORD_LENGTH_OFFSET, maxRecordLength);
            header.putLong(CREATION_TIME_OFFSET, System.currentTimeMillis());
            header.putLong(FREE_SEMAPHORE_OFFSET, capacity);
            // Magic last, with a release store: a header with the magic is a whole header.
            header.putLongRelease(MAGIC_OFFSET, MAGIC);
        });
    }

    /**
     * Validates the positions and semaphore values, which change while the channel runs, against
     * the capacity. Called on open; recovery calls it again before trusting them.
     */
    public void validatePositions()
    {
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        final long tail = buffer.getLongVolatile(TAIL_OFFSET);
        if (head < 0 || tail < head || tail - head > capacity || (head & 7) != 0 || (tail & 7) != 0)
        {
            throw new ChannelCorruptedException(path, "positions head " + head + " and tail " + tail +
                " are impossible for a ring of " + capacity + " bytes");
        }
        final long free = buffer.getLongVolatile(FREE_SEMAPHORE_OFFSET);
        final long used = buffer.getLongVolatile(USED_SEMAPHORE_OFFSET);
        if (free < 0 || free > capacity || used < 0 || used > capacity / RecordLayout.MIN_PADDING_LENGTH)
        {
            throw new ChannelCorruptedException(path, "semaphore values FREE " + free + " and USED " + used +
                " are impossible for a ring of " + capacity + " bytes");
        }
    }

    /**
     * Maps every page of the file into this process up front ({@code madvise(MADV_POPULATE_WRITE)},
     * one system call), so that the first lap of the ring does not take a page fault every 4 KiB in
     * the middle of the stream: a producer or consumer calls this before it starts; a reader such as
     * {@code ipc stat} need not. Best effort: where the kernel lacks it (before 5.14) the pages fault
     * in on first touch, as they would anyway.
     */
    public void prefault()
    {
        try
        {
            new NativeCalls().populateWrite(address(), buffer.capacity());
        }
        catch (final IllegalStateException ex)
        {
            // native calls unavailable (not Linux x86_64): the pages fault in on first touch instead
        }
    }

    /**
     * @return the absolute address of the mapping's first byte (the buffer wraps the mapping, never a
     *         heap array), for unchecked access where an offset is already proven to be inside.
     */
    public long address()
    {
        return buffer.addressOffset();
    }

    public Path path()
    {
        return path;
    }

    /**
     * @return the whole mapping: header at 0, ring at {@link ChannelDescriptor#HEADER_LENGTH}.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public int capacity()
    {
        return capacity;
    }

    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    /**
     * @return the header flags, read with acquire semantics.
     */
    public int flags()
    {
        return buffer.getIntAcquire(FLAGS_OFFSET);
    }

    /**
     * Sets flag bits with a CAS loop, since both sides may set flags.
     *
     * @param bits to set.
     */
    public void setFlags(final int bits)
    {
        int flags;
        do
        {
            flags = buffer.getIntVolatile(FLAGS_OFFSET);
        }
        while (!buffer.compareAndSetInt(FLAGS_OFFSET, flags, flags | bits));
    }

    /**
     * Clears flag bits with a CAS loop.
     *
     * @param bits to clear.
     */
    public void clearFlags(final int bits)
    {
        int flags;
        do
        {
            flags = buffer.getIntVolatile(FLAGS_OFFSET);
        }
        while (!buffer.compareAndSetInt(FLAGS_OFFSET, flags, flags & ~bits));
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
