package io.mmipc.core.file;

import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.MmipcException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a channel name to its file: a bare name becomes {@code $MMIPC_DIR/<name>.mmipc}, with
 * {@code MMIPC_DIR} defaulting to {@code /dev/shm/mmipc} where {@code /dev/shm} exists (memory, no
 * disk write-back) and to {@code <java.io.tmpdir>/mmipc} elsewhere. A name with a {@code /} is
 * taken as a path as it stands.
 */
public final class ChannelPaths
{
    public static final String SUFFIX = ".mmipc";
    public static final String DIR_ENV = "MMIPC_DIR";
    /** A system property that overrides {@value #DIR_ENV} inside one JVM (tests set it per test). */
    public static final String DIR_PROPERTY = "mmipc.dir";

    private ChannelPaths()
    {
    }

    /**
     * @return the folder bare channel names live in: the system property {@value #DIR_PROPERTY}, else
     *         {@code $MMIPC_DIR}, else /dev/shm/mmipc.
     */
    public static Path directory()
    {
        final String fromProperty = System.getProperty(DIR_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank())
        {
            return Path.of(fromProperty);
        }
        final String fromEnv = System.getenv(DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank())
        {
            return Path.of(fromEnv);
        }
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm.resolve("mmipc") : Path.of(System.getProperty("java.io.tmpdir"), "mmipc");
    }

    /**
     * @param nameOrPath a bare channel name, or a path containing {@code /}.
     * @return the channel's file.
     * @throws MmipcException with the usage exit code for a name that cannot be a file name.
     */
    public static Path resolve(final String nameOrPath)
    {
        if (nameOrPath.indexOf('/') >= 0)
        {
            return Path.of(nameOrPath);
        }
        checkName(nameOrPath);
        return directory().resolve(nameOrPath + SUFFIX);
    }

    /**
     * A bare name is 1 to 200 characters of letters, digits, {@code . _ -}, not starting with a dot,
     * so that it can never climb out of the channel folder or hide a control character.
     *
     * @param name to check.
     */
    public static void checkName(final String name)
    {
        boolean ok = !name.isEmpty() && name.length() <= 200 && name.charAt(0) != '.';
        for (int i = 0; ok && i < name.length(); i++)
        {
            final char c = name.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
        }
        if (!ok)
        {
            throw new MmipcException("invalid channel name '" + name.replaceAll("\\p{Cntrl}", "?") +
                "': use 1-200 letters, digits, '.', '_' or '-' (not starting with '.'), " +
                "or give a path containing '/'", ExitCodes.USAGE);
        }
    }
}
