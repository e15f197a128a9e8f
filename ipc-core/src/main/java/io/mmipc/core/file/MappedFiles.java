package io.mmipc.core.file;

import io.mmipc.exceptions.ChannelFileException;
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
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How every mmipc file (channel or mailbox) is created and opened.
 *
 * <p><b>Creation is atomic.</b> The file is built complete under a temporary name, header and all,
 * then hard-linked to its real name, which fails if the name exists. So a process that finds the
 * name always finds a whole header, and processes racing to create the same file share one.
 *
 * <p><b>Opening validates first.</b> The header is read with plain file I/O and validated against
 * the file's real length before anything is mapped; a planted file is refused ({@link FileTrust})
 * and links are not followed unless the user allowed it.
 */
public final class MappedFiles
{
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    /**
     * Validates a header read from a file, throwing {@link ChannelFileException} for the first bad field.
     */
    @FunctionalInterface
    public interface HeaderValidator
    {
        void validate(Path file, ByteBuffer header, long fileLength);
    }

    private MappedFiles()
    {
    }

    /**
     * Creates {@code path} with {@code length} bytes, initialised by {@code init}, unless it exists.
     *
     * @param path   the file.
     * @param length its size.
     * @param mode   its permissions; a missing folder is created owner-only.
     * @param init   writes the header into the new mapping; must write the magic last.
     */
    public static void createAtomically(
        final Path path, final long length, final Set<PosixFilePermission> mode, final Consumer<UnsafeBuffer> init)
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
                allocate(path, channel, length);
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                try
                {
                    init.accept(new UnsafeBuffer(mapped));
                }
                finally
                {
                    IoUtil.unmap(mapped); // (no test sees a missing unmap: the mapping would leak until GC)
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
                Files.move(tmp, path); // no hard links here: a rename that never overwrites
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
     * Writes zeros over the whole new file, so that its pages exist before it is mapped: a full
     * filesystem (a container's 64 MB /dev/shm, say) is a clear error now rather than a SIGBUS on
     * some later write into a hole, and the first lap of the ring pays no page allocation. Not
     * Agrona's {@code IoUtil.fill}: it writes 4 KiB at a time (75 ms for 64 MiB here, against 26 ms
     * in 1 MiB writes) and rethrows the IOException unchecked, which would lose the "no room" message.
     */
    private static void allocate(final Path path, final FileChannel channel, final long length) throws IOException
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(length, 1 << 20));
        long position = 0;
        try
        {
            while (position < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
                while (zeros.hasRemaining())
                {
                    position += channel.write(zeros, position);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "no room for its " + length + " bytes in " +
                path.toAbsolutePath().getParent() + " (" + ex.getMessage() + "); free space there, choose a " +
                "smaller --capacity (--slots for a mailbox), or set MMIPC_DIR to a larger filesystem", ex);
        }
    }

    /**
     * Opens and maps a whole file after validating its header against its real length.
     *
     * @param path           the file.
     * @param allowUntrusted open even a link, another user's or an others-writable file.
     * @param headerLength   bytes of header to read and validate.
     * @param validator      checks the header.
     * @param missingHint    what to tell a user whose file does not exist.
     * @return the mapping, little-endian.
     */
    public static MappedByteBuffer mapValidated(final Path path, final boolean allowUntrusted, final int headerLength,
        final HeaderValidator validator, final String missingHint)
    {
        if (Files.isDirectory(path))
        {
            throw new ChannelFileException(path, "is a directory, not an mmipc file; name a file or a bare name");
        }
        if (!allowUntrusted && Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            FileTrust.check(path);
        }
        final OpenOption[] options = allowUntrusted ?
            new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE} :
            new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS};
        try (FileChannel channel = FileChannel.open(path, options))
        {
            final long length = channel.size();
            final ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
            // (>= 0 would read the same: read returns 0 only when the header has no room left)
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                // read the whole header, or what there is of it
            }
            header.clear();
            validator.validate(path, header, length);
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            return mapped;
        }
        catch (final NoSuchFileException ex)
        {
            throw new ChannelFileException(path, "no such file; " + missingHint + ", or check the name and MMIPC_DIR", ex);
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
}
