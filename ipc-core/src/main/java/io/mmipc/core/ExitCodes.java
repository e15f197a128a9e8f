package io.mmipc.core;

/**
 * Exit codes of every mmipc daemon and tool. Documented in each {@code --help} and in README.md;
 * scripts depend on them, so they never change meaning.
 */
public final class ExitCodes
{
    /** Finished normally, or stopped gracefully by a first SIGTERM/SIGINT. */
    public static final int OK = 0;
    /** The consumer's verification found a gap, duplicate or corrupt record. */
    public static final int VERIFICATION_FAILED = 1;
    /** The command line was wrong (Picocli's usage error code). */
    public static final int USAGE = 2;
    /** The channel file is missing, unreadable, foreign, corrupt or incompatible. */
    public static final int BAD_CHANNEL = 3;
    /** The role (producer or consumer) is already held by another live process. */
    public static final int ROLE_TAKEN = 4;
    /** {@code ipc recv --timeout} ended with no message. */
    public static final int TIMEOUT = 5;
    /** A second SIGINT forced an immediate exit (128 + 2). */
    public static final int FORCED_BY_SIGINT = 130;
    /** A second SIGTERM forced an immediate exit (128 + 15). */
    public static final int FORCED_BY_SIGTERM = 143;

    private ExitCodes()
    {
    }
}
