package io.mmipc.tool;

import io.mmipc.cli.ExitCodes;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.mailbox.MailboxStatus;
import io.mmipc.exceptions.MmipcException;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ipc list}: every channel, mailbox and inbox in {@code MMIPC_DIR}, as {@code ipcs} lists
 * the kernel's queues and segments, read without joining any.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the channels, mailboxes and inboxes in $MMIPC_DIR (as ipcs does): name, kind, size, " +
        "live and dead participants, and how full each is. Remove one with ipc rm NAME.",
        "",
        "LIVE counts the processes attached now; DEAD those that died attached (killed, crashed) and whose " +
            "leftovers the next participant repairs. An inbox is listed per sender: inbox/OWNER/SENDER."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.IO_ERROR_LINE})
final class ListCommand implements Callable<Integer>
{
    static final String FORMAT = "%-28s %-8s %6s %5s %5s %7s%n";

    @Override
    public Integer call() throws IOException
    {
        System.out.printf(Locale.ROOT, FORMAT, "NAME", "KIND", "SIZE", "LIVE", "DEAD", "FILL");
        for (final MmipcFiles.Entry entry : MmipcFiles.list(ChannelPaths.directory()))
        {
            try
            {
                if (entry.kind() == MmipcFiles.Kind.MAILBOX)
                {
                    final MailboxStatus s = MailboxStatus.read(entry.path());
                    System.out.printf(Locale.ROOT, FORMAT, entry.name(), "mailbox", size((long)s.slots() * s.slotSize()),
                        s.participants().stream().filter(MailboxStatus.Participant::live).count(),
                        s.participants().stream().filter(p -> p.state() == ParticipantState.DEAD).count(),
                        percent(s.fill(), s.slots()));
                }
                else
                {
                    final ChannelStatus s = ChannelStatus.read(entry.path());
                    System.out.printf(Locale.ROOT, FORMAT, entry.name(), entry.kind().label(), size(s.capacity()),
                        s.liveSides().size(), s.deadSides(), percent(s.fill(), s.capacity()));
                }
            }
            catch (final MmipcException | IOException ex)
            {
                System.out.printf(Locale.ROOT, FORMAT, entry.name(), entry.kind().label(), "-", "-", "-", "corrupt");
            }
        }
        return ExitCodes.OK;
    }

    private static String percent(final long part, final long whole)
    {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** @return bytes as k, m or g when whole, as {@code --capacity} takes them. */
    static String size(final long bytes)
    {
        for (final String unit : new String[] {"g", "m", "k"})
        {
            final long scale = 1L << (10 * ("kmg".indexOf(unit) + 1));
            if (bytes >= scale && bytes % scale == 0)
            {
                return bytes / scale + unit;
            }
        }
        return Long.toString(bytes);
    }
}
