package io.mmipc.core.mailbox;

import io.mmipc.core.file.ChannelFileException;

import java.nio.file.Path;

/**
 * A mailbox file that cannot be used: a {@link ChannelFileException} (exit 3) whose message names
 * the file as the mailbox it is ("mailbox file PATH: ..."), so that nobody looks for a channel.
 */
public final class MailboxFileException extends ChannelFileException
{
    private static final long serialVersionUID = 1L;

    public MailboxFileException(final Path file, final String problem)
    {
        super("mailbox file", file, problem, null);
    }

    public MailboxFileException(final Path file, final String problem, final Throwable cause)
    {
        super("mailbox file", file, problem, cause);
    }

    /**
     * @param ex a problem the shared file code reported about a mailbox's file.
     * @return the same problem, named as a mailbox's.
     */
    static MailboxFileException of(final ChannelFileException ex)
    {
        return ex instanceof MailboxFileException m ? m : new MailboxFileException(ex.file(), ex.problem(), ex);
    }
}
