package io.mmipc.tool;

import io.mmipc.cli.ExitCodes;
import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;
import io.mmipc.exceptions.MmipcException;

import java.nio.file.Path;

/**
 * Opens the mailbox a command names, first telling by the file's magic what the name really is, so
 * that a user who names a channel, or nothing, hears so in the terms of the command they typed
 * rather than "wrong magic".
 */
final class Mailboxes
{
    private Mailboxes()
    {
    }

    /**
     * @param name        as typed.
     * @param as          this participant's name, "" for none.
     * @param onChannel   what to advise when {@code name} is a channel, e.g. "read it with scripts/consumer
     *                    --channel NAME" (NAME is replaced by the name).
     * @param whenMissing what to advise when there is no such file.
     * @return the mailbox, joined.
     * @throws MmipcException exit 3 naming what the file is.
     */
    static Mailbox open(final String name, final String as, final String onChannel, final String whenMissing)
    {
        final Path path = io.mmipc.core.mailbox.Mailbox.path(name);
        switch (MmipcFiles.kind(path))
        {
            case MISSING -> throw new MmipcException("no mailbox " + name + " (" + path + "); " +
                whenMissing.replace("NAME", name), ExitCodes.BAD_FILE);
            case CHANNEL, INBOX -> throw new MmipcException(name + " is a channel; " + onChannel.replace("NAME", name),
                ExitCodes.BAD_FILE);
            case OTHER -> throw new MmipcException(path + " is not an mmipc mailbox; check the name and MMIPC_DIR",
                ExitCodes.BAD_FILE);
            default -> // a mailbox: open validates the rest
            {
                return Mailbox.open(path.toString(), MailboxOptions.builder().name(as).build());
            }
        }
    }
}
