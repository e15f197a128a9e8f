package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;

import java.nio.file.Path;
import java.util.List;

/**
 * A mailbox cannot be destroyed while other live processes are attached, unless forced.
 */
public final class MailboxBusyException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file     the mailbox file.
     * @param attached the live participants, as "pid 123 (receiver)".
     */
    public MailboxBusyException(final Path file, final List<String> attached)
    {
        super("mailbox " + file + " has live participants attached: " + String.join(", ", attached) +
            "; stop them first, or use --force (they are woken and exit with a message)", ExitCodes.ROLE_TAKEN);
    }
}
