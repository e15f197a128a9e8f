package io.mmipc.core.file;

import io.mmipc.exceptions.ChannelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Refuses channel files that another user could have planted or can poison. {@code /dev/shm} is
 * writable by everyone: a symbolic link placed under a channel's name would redirect a daemon's
 * writes elsewhere, and a file owned or writable by someone else lets them feed a consumer forged
 * records or corrupt the ring under it. Such a file is only opened when the user says so
 * ({@code --allow-untrusted-file}), for example for a channel shared on purpose.
 */
public final class FileTrust
{
    private static final long MY_UID = uidOf(Path.of("/proc/self"));

    private FileTrust()
    {
    }

    /**
     * @param path a channel file that exists.
     * @throws ChannelFileException if it is a symbolic link, not owned by this process's user, or
     *                              writable by others.
     */
    public static void check(final Path path)
    {
        if (Files.isSymbolicLink(path))
        {
            String target;
            try
            {
                target = Files.readSymbolicLink(path).toString();
            }
            catch (final IOException ex)
            {
                target = "?";
            }
            throw new ChannelFileException(path, "is a symbolic link (to " + target + "); refusing to follow it, " +
                "since a planted link could redirect the daemon. Name the real file, or pass --allow-untrusted-file");
        }
        final long owner = uidOf(path);
        // (owner > 0 for owner >= 0 differs only for a root-owned file read by another user: the
        // tests, run as root here, cannot tell them apart)
        if (MY_UID >= 0 && owner >= 0 && owner != MY_UID)
        {
            throw new ChannelFileException(path, "is owned by uid " + owner + ", not by you (uid " + MY_UID +
                "); refusing a file another user controls. Remove it, or pass --allow-untrusted-file to share it on purpose");
        }
        final Set<PosixFilePermission> mode;
        try
        {
            mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot read its permissions: " + ex, ex);
        }
        if (mode.contains(PosixFilePermission.OTHERS_WRITE))
        {
            throw new ChannelFileException(path, "is writable by every user; anyone could corrupt the channel. " +
                "chmod o-w it (or remove it and let --mode create it), or pass --allow-untrusted-file");
        }
    }

    private static long uidOf(final Path path)
    {
        try
        {
            return ((Number)Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return -1;
        }
    }
}
