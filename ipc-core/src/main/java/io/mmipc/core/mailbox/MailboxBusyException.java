package io.mmipc.core.mailbox;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.MmipcException;

import java.nio.file.Path;
import java.util.List;

/**
 * A mailbox cannot be destroyed while other live processes are attached, unless forced.
 */
public final class MailboxBusyException extends MmipcException
{
    private static final long serialVersionUID = 1L;

    public MailboxBusyException(final Path file, final List<String> attached)
    {
        super("mailbox " + file + " has live participants attached: " + String.join(", ", attached) +
            "; stop them first, or use --force (they are woken and exit with a message)", ExitCodes.ROLE_TAKEN);
    }
}
