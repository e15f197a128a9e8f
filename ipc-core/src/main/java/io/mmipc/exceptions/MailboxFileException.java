package io.mmipc.exceptions;

import java.nio.file.Path;

/**
 * A mailbox file that cannot be used: a {@link ChannelFileException} (exit 3) whose message names
 * the file as the mailbox it is ("mailbox file PATH: ..."), so that nobody looks for a channel.
 */
public final class MailboxFileException extends ChannelFileException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file    the mailbox file.
     * @param problem what is wrong and what to do.
     */
    public MailboxFileException(final Path file, final String problem)
    {
        super("mailbox file", file, problem, null);
    }

    /**
     * Creates the error.
     *
     * @param file    the mailbox file.
     * @param problem what is wrong and what to do.
     * @param cause   the underlying error.
     */
    public MailboxFileException(final Path file, final String problem, final Throwable cause)
    {
        super("mailbox file", file, problem, cause);
    }

}
