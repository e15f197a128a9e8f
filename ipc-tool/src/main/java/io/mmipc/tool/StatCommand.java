package io.mmipc.tool;

import io.mmipc.cli.ExitCodes;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.mailbox.MailboxStatus;
import io.mmipc.core.signal.ShutdownSignals;
import io.mmipc.core.signal.StopFlag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ipc stat NAME [--watch]}: positions, semaphores, fill, rates and participants of a channel
 * or a mailbox, read without joining it.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {"Show a channel's or a mailbox's state, read without joining it.",
        "",
        "For a channel: head and tail positions, the FREE and USED semaphores (free bytes, committed records) " +
            "with their parked waiters, and per side its state (RUNNING, PARKED, STOPPED, DEAD), pid, heartbeat " +
            "age, wait strategy, records with their rate over the last report, bytes, waits and wake-ups sent. " +
            "For a mailbox: its positions, fill, rates, and every participant."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE})
final class StatCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "NAME", description = "Channel or mailbox name, or a path containing '/'.")
    String name;

    @Option(names = "--watch", description = "Print again every second until interrupted.")
    boolean watch;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
        description = "With --watch: stop after N reports (default: until interrupted).")
    long count;

    @Override
    public Integer call() throws Exception
    {
        final Path path = ChannelPaths.resolve(name);
        final StopFlag stop = ShutdownSignals.installForCurrentThread();
        long[] before = null;
        long beforeNanos = 0;
        long reports = 0;
        do
        {
            final long now = System.nanoTime();
            final MailboxStatus mailbox = read(path);
            final long[] counters;
            if (mailbox != null)
            {
                counters = new long[] {mailbox.sent(), mailbox.received()};
                printMailbox(path, mailbox, before, counters, now - beforeNanos);
            }
            else
            {
                final ChannelStatus status = ChannelStatus.read(path);
                counters = new long[] {status.sides().get(0).records(), status.sides().get(1).records()};
                printChannel(status, before, counters, now - beforeNanos);
                BridgeStatPrinter.print(path, System.out);
            }
            before = counters;
            beforeNanos = now;
            if (watch && ++reports != count)
            {
                System.out.println();
                LockSupport.parkNanos(1_000_000_000L);
            }
        }
        while (watch && reports != count && !stop.requested());
        return ExitCodes.OK;
    }

    /** A mailbox's status, or null for a channel; a missing file is exit 3 like any missing channel. */
    private static MailboxStatus read(final Path path) throws java.io.IOException
    {
        try
        {
            return MailboxStatus.read(path);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            throw new io.mmipc.exceptions.MmipcException("no channel or mailbox " + path + "; check the name and MMIPC_DIR " +
                "(ipc list shows what is there)", ExitCodes.BAD_FILE, ex);
        }
    }

    private static String rate(final long[] before, final long[] now, final int i, final long nanos)
    {
        return before == null ? "-" : String.format(Locale.ROOT, "%.0f/s", (now[i] - before[i]) * 1e9 / nanos);
    }

    private static void printChannel(final ChannelStatus s, final long[] before, final long[] counters,
        final long nanos)
    {
        System.out.printf(Locale.ROOT, "channel %s: capacity %d, max record %d%s%n", s.path(), s.capacity(),
            s.maxRecord(), s.endOfStream() ? ", END_OF_STREAM written" : "");
        System.out.printf(Locale.ROOT, "  %12s %12s %10s %6s %10s %11s %10s %11s %12s %12s%n", "HEAD", "TAIL",
            "FILL_BYTES", "FILL", "FREE", "FREE_PARKED", "USED", "USED_PARKED", "NEXT_SEQ", "EXPECTED");
        System.out.printf(Locale.ROOT, "  %12d %12d %10d %5.1f%% %10d %11d %10d %11d %12d %12d%n", s.head(), s.tail(),
            s.fill(), 100.0 * s.fill() / s.capacity(), s.free(), s.freeParked(), s.used(), s.usedParked(),
            s.nextSequence(), s.expected());
        System.out.printf(Locale.ROOT, "  %-8s %-8s %7s %9s %-7s %12s %10s %14s %8s %8s%n", "ROLE", "STATE", "PID",
            "HEARTBEAT", "WAIT", "RECORDS", "RATE", "BYTES", "WAITS", "WAKEUPS");
        for (final ChannelStatus.Side side : s.sides())
        {
            System.out.printf(Locale.ROOT, "  %-8s %-8s %7d %9s %-7s %12d %10s %14d %8d %8d%n", side.role().label(),
                side.state(), side.pid(), side.state() == ParticipantState.EMPTY ? "-" : side.heartbeatAgeMs() + "ms",
                side.waitStrategy() == null ? "-" : side.waitStrategy().label(), side.records(),
                rate(before, counters, side.role().ordinal(), nanos), side.bytes(), side.waits(), side.wakeupsSent());
        }
    }

    private static String roles(final MailboxStatus.Participant p)
    {
        return p.sender() && p.receiver() ? "sender,receiver" : p.sender() ? "sender" : p.receiver() ? "receiver" : "-";
    }

    private static void printMailbox(final Path path, final MailboxStatus s, final long[] before, final long[] counters,
        final long nanos)
    {
        System.out.printf(Locale.ROOT, "mailbox %s: %d slots of %d bytes%n", path, s.slots(), s.slotSize());
        System.out.printf(Locale.ROOT, "  %12s %12s %9s %6s %8s %8s %12s %10s %12s %10s%n", "HEAD", "TAIL", "FILL_MSGS",
            "FILL", "FREE", "USED", "SENT", "SENT_RATE", "RECEIVED", "RECV_RATE");
        System.out.printf(Locale.ROOT, "  %12d %12d %9d %5.1f%% %8d %8d %12d %10s %12d %10s%n", s.head(), s.tail(),
            s.fill(), 100.0 * s.fill() / s.slots(), s.free(), s.used(), s.sent(), rate(before, counters, 0, nanos),
            s.received(), rate(before, counters, 1, nanos));
        System.out.printf(Locale.ROOT, "  %-8s %7s %-16s %-15s %9s%n", "STATE", "PID", "NAME", "ROLES", "HEARTBEAT");
        for (final MailboxStatus.Participant p : s.participants())
        {
            System.out.printf(Locale.ROOT, "  %-8s %7d %-16s %-15s %9s%n", p.state(), p.pid(),
                p.name().isEmpty() ? "-" : p.name(), roles(p), p.heartbeatAgeMs() + "ms");
        }
    }
}
