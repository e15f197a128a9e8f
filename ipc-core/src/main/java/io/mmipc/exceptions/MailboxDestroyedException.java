package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;

import java.nio.file.Path;

/**
 * The mailbox was destroyed while this process was attached: every waiting send and receive ends
 * with this, so participants exit cleanly with a clear message.
 */
public final class MailboxDestroyedException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file  the mailbox file.
     * @param byPid the process that destroyed it, or 0 if unknown.
     */
    public MailboxDestroyedException(final Path file, final long byPid)
    {
        super("mailbox " + file + " was destroyed" + (byPid > 0 ? " by pid " + byPid : "") +
            "; nothing more can be sent or received through it", ExitCodes.BAD_CHANNEL);
    }
}
