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

    public ChannelFileException(final Path file, final String problem)
    {
        super("channel file " + file + ": " + problem, ExitCodes.BAD_CHANNEL);
        this.file = file;
    }

    public ChannelFileException(final Path file, final String problem, final Throwable cause)
    {
        super("channel file " + file + ": " + problem, ExitCodes.BAD_CHANNEL, cause);
        this.file = file;
    }

    /**
     * @return the file the problem is in.
     */
    public Path file()
    {
        return file;
    }
}
