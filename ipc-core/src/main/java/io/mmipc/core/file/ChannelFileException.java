package io.mmipc.core.file;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.MmipcException;

import java.nio.file.Path;

/**
 * A channel file that cannot be used: missing, not a regular file, too short, foreign, of another
 * layout version, with header fields out of range, or with positions the ring cannot hold. The
 * message names the file and says what to do. Daemons exit with {@link ExitCodes#BAD_CHANNEL}.
 */
public class ChannelFileException extends MmipcException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public ChannelFileException(final Path file, final String problem)
    {
        this("channel file", file, problem, null);
    }

    public ChannelFileException(final Path file, final String problem, final Throwable cause)
    {
        this("channel file", file, problem, cause);
    }

    /**
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
     * @return what is wrong, without the file's name (to say it again of a mailbox file).
     */
    public String problem()
    {
        return problem;
    }

    /**
     * @return the file the problem is in.
     */
    public Path file()
    {
        return file;
    }
}
