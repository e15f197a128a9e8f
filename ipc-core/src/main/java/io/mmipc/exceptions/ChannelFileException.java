package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;

import java.nio.file.Path;

/**
 * A channel file that cannot be used: missing, not a regular file, too short, foreign, of another
 * layout version, with header fields out of range, or with positions the ring cannot hold. The
 * message names the file and says what to do. Daemons exit with {@link ExitCodes#BAD_CHANNEL}.
 */
public class ChannelFileException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * The file the problem is in (not serialised: a path is not).
     */
    private final transient Path file;
    /**
     * What is wrong and what to do, without the file's name.
     */
    private final String problem;

    /**
     * Creates the error.
     *
     * @param file    the channel file.
     * @param problem what is wrong and what to do.
     */
    public ChannelFileException(final Path file, final String problem)
    {
        this("channel file", file, problem, null);
    }

    /**
     * Creates the error.
     *
     * @param file    the channel file.
     * @param problem what is wrong and what to do.
     * @param cause   the underlying error.
     */
    public ChannelFileException(final Path file, final String problem, final Throwable cause)
    {
        this("channel file", file, problem, cause);
    }

    /**
     * A problem with a file of another kind.
     *
     * @param what    what the file is, as the message names it: "channel file", "mailbox file".
     * @param file    the file.
     * @param problem what is wrong and what to do.
     * @param cause   the cause, or null.
     */
    protected ChannelFileException(final String what, final Path file, final String problem, final Throwable cause)
    {
        super(what + " " + file + ": " + problem, ExitCodes.BAD_CHANNEL, cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * What is wrong, without the file's name (to say it again of a mailbox file).
     *
     * @return the problem and what to do.
     */
    public String problem()
    {
        return problem;
    }

    /**
     * The file the problem is in.
     *
     * @return the file.
     */
    public Path file()
    {
        return file;
    }
}
