package io.mmipc.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code of the mmipc commands and the one text that explains it, in one place. The
 * numbers are {@link io.mmipc.core.ExitCodes}'s (what the core's exceptions carry) plus the two the
 * command lines add (70, 74); each command's help lists the codes it can end with through Picocli's
 * {@code exitCodeList}, built from the {@code *_LINE} constants here (constants, so that an annotation
 * and a man page generated from the class show them too).
 */
public final class ExitCodes
{
    /** Finished, or stopped gracefully by a first SIGTERM/SIGINT. */
    public static final int OK = io.mmipc.core.ExitCodes.OK;
    /** The consumer's verification found a gap, a duplicate or a corrupt record. */
    public static final int VERIFICATION_FAILED = io.mmipc.core.ExitCodes.VERIFICATION_FAILED;
    /** A bad command line, or a record larger than the channel or mailbox allows. */
    public static final int USAGE = io.mmipc.core.ExitCodes.USAGE;
    /** A channel, mailbox or inbox file missing, foreign, corrupt or incompatible, or no such peer process. */
    public static final int BAD_FILE = io.mmipc.core.ExitCodes.BAD_CHANNEL;
    /** Refused: the role is held by another live process, or live participants are attached. */
    public static final int REFUSED = io.mmipc.core.ExitCodes.ROLE_TAKEN;
    /** {@code ipc recv --timeout} passed with no message. */
    public static final int TIMEOUT = io.mmipc.core.ExitCodes.TIMEOUT;
    /** An internal error: a bug, reported with its stack trace (EX_SOFTWARE). */
    public static final int INTERNAL_ERROR = 70;
    /** Reading the source or writing the sink failed (EX_IOERR). */
    public static final int IO_ERROR = 74;
    /** A second SIGINT forced an immediate exit (128 + 2). */
    public static final int FORCED_BY_SIGINT = io.mmipc.core.ExitCodes.FORCED_BY_SIGINT;
    /** A second SIGTERM forced an immediate exit (128 + 15). */
    public static final int FORCED_BY_SIGTERM = io.mmipc.core.ExitCodes.FORCED_BY_SIGTERM;

    /** The heading of the list in every help. */
    public static final String HEADING = "%nExit codes:%n";

    // The texts: one per code, for every command.
    static final String OK_TEXT = "done, or stopped gracefully by a first SIGTERM or SIGINT";
    static final String VERIFICATION_FAILED_TEXT = "verification failed (a gap, duplicate or corrupt record)";
    static final String USAGE_TEXT = "usage error: a bad option or argument, or a record larger than the channel " +
        "or mailbox allows";
    static final String BAD_FILE_TEXT = "a channel, mailbox or inbox file is missing, foreign, corrupt or " +
        "incompatible, or no such process to send to";
    static final String REFUSED_TEXT = "refused: the role is held by another live process, or live participants " +
        "are attached";
    static final String TIMEOUT_TEXT = "recv --timeout passed before the messages came";
    static final String INTERNAL_ERROR_TEXT = "internal error (a bug: please report the stack trace)";
    static final String IO_ERROR_TEXT = "reading the source or writing the sink failed";
    static final String FORCED_BY_SIGINT_TEXT = "a second SIGINT forced an immediate exit";
    static final String FORCED_BY_SIGTERM_TEXT = "a second SIGTERM forced an immediate exit";

    // Picocli's exitCodeList entries, "key:text".
    public static final String OK_LINE = OK + ":" + OK_TEXT;
    public static final String VERIFICATION_FAILED_LINE = VERIFICATION_FAILED + ":" + VERIFICATION_FAILED_TEXT;
    public static final String USAGE_LINE = USAGE + ":" + USAGE_TEXT;
    public static final String BAD_FILE_LINE = BAD_FILE + ":" + BAD_FILE_TEXT;
    public static final String REFUSED_LINE = REFUSED + ":" + REFUSED_TEXT;
    public static final String TIMEOUT_LINE = TIMEOUT + ":" + TIMEOUT_TEXT;
    public static final String INTERNAL_ERROR_LINE = INTERNAL_ERROR + ":" + INTERNAL_ERROR_TEXT;
    public static final String IO_ERROR_LINE = IO_ERROR + ":" + IO_ERROR_TEXT;
    public static final String FORCED_BY_SIGINT_LINE = FORCED_BY_SIGINT + ":" + FORCED_BY_SIGINT_TEXT;
    public static final String FORCED_BY_SIGTERM_LINE = FORCED_BY_SIGTERM + ":" + FORCED_BY_SIGTERM_TEXT;

    private static final Map<Integer, String> ALL = new LinkedHashMap<>();

    static
    {
        ALL.put(OK, OK_TEXT);
        ALL.put(VERIFICATION_FAILED, VERIFICATION_FAILED_TEXT);
        ALL.put(USAGE, USAGE_TEXT);
        ALL.put(BAD_FILE, BAD_FILE_TEXT);
        ALL.put(REFUSED, REFUSED_TEXT);
        ALL.put(TIMEOUT, TIMEOUT_TEXT);
        ALL.put(INTERNAL_ERROR, INTERNAL_ERROR_TEXT);
        ALL.put(IO_ERROR, IO_ERROR_TEXT);
        ALL.put(FORCED_BY_SIGINT, FORCED_BY_SIGINT_TEXT);
        ALL.put(FORCED_BY_SIGTERM, FORCED_BY_SIGTERM_TEXT);
    }

    private ExitCodes()
    {
    }

    /**
     * @return every code with its text, in ascending order.
     */
    public static Map<Integer, String> all()
    {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    /**
     * @param code an exit code.
     * @return its text.
     * @throws IllegalArgumentException for a code mmipc never exits with.
     */
    public static String text(final int code)
    {
        final String text = ALL.get(code);
        if (text == null)
        {
            throw new IllegalArgumentException("mmipc has no exit code " + code);
        }
        return text;
    }
}
