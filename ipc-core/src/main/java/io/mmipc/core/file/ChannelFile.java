package io.mmipc.core.file;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
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
 * <p><b>Creation is atomic.</b> The file is built complete under a temporary name, header and all,
 * then hard-linked to its real name, which fails if the name exists. So a process that finds the
 * name always finds a whole header, and two processes racing to create the same channel end up
 * sharing one file.
 */
public final class ChannelFile implements AutoCloseable
{
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int maxRecordLength;
    private boolean closed;

    private ChannelFile(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.capacity = buffer.getInt(CAPACITY_OFFSET);
        this.maxRecordLength = buffer.getInt(MAX_RECORD_LENGTH_OFFSET);
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
        if (Files.isDirectory(path))
        {
            throw new ChannelFileException(path, "is a directory, not a channel file; name a file or a bare channel name");
        }
        if (!allowUntrusted && Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            FileTrust.check(path);
        }
        final java.nio.file.OpenOption[] options = allowUntrusted ?
            new java.nio.file.OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE} :
            new java.nio.file.OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS};
        try (FileChannel channel = FileChannel.open(path, options))
        {
            final long length = channel.size();
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                // read the whole header page, or what there is of it
            }
            header.clear();
            validate(path, header, length);
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            final ChannelFile file = new ChannelFile(path, mapped);
            file.validatePositions();
            return file;
        }
        catch (final NoSuchFileException ex)
        {
            throw new ChannelFileException(path, "no such file; start the producer or consumer first " +
                "(either creates it), or check the name and MMIPC_DIR", ex);
        }
        catch (final AccessDeniedException ex)
        {
            throw new ChannelFileException(path, "permission denied; run as the file's owner or have it " +
                "created with a --mode that grants you read and write", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot be opened: " + ex, ex);
        }
    }

    private static void create(
        final Path path, final int capacity, final int maxRecordLength, final Set<PosixFilePermission> mode)
    {
        final Path dir = path.toAbsolutePath().getParent();
        final Path tmp = dir.resolve(path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" +
            System.nanoTime());
        try
        {
            if (!Files.isDirectory(dir))
            {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            }
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(tmp, mode); // the umask may have taken bits that --mode asked for
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final long length = (long)HEADER_LENGTH + capacity;
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                try
                {
                    final UnsafeBuffer header = new UnsafeBuffer(mapped);
                    header.putInt(VERSION_OFFSET, VERSION);
                    header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
                    header.putInt(CAPACITY_OFFSET, capacity);
                    header.putInt(MAX_RECORD_LENGTH_OFFSET, maxRecordLength);
                    header.putLong(CREATION_TIME_OFFSET, System.currentTimeMillis());
                    header.putLong(FREE_SEMAPHORE_OFFSET, capacity);
                    // Magic last, with a release store: a header with the magic is a whole header.
                    header.putLongRelease(MAGIC_OFFSET, MAGIC);
                }
                finally
                {
                    IoUtil.unmap(mapped);
                }
            }
            try
            {
                Files.createLink(path, tmp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                // another process created it first: use theirs
            }
            catch (final UnsupportedOperationException ex)
            {
                // a file system without hard links: fall back to a rename that never overwrites
                Files.move(tmp, path);
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            // lost the fallback race: use the other process's file
        }
        catch (final AccessDeniedException ex)
        {
            throw new ChannelFileException(path, "permission denied creating it in " + dir +
                "; choose a folder you can write with MMIPC_DIR or a path", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot be created: " + ex, ex);
        }
        finally
        {
            try
            {
                Files.deleteIfExists(tmp);
            }
            catch (final IOException ignore)
            {
                // a leftover temporary file is harmless: it never has a channel's name
            }
        }
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
