package io.mmipc.tool;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.MailboxStatus;
import io.mmipc.core.signal.ShutdownSignals;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import static io.mmipc.core.file.ChannelDescriptor.*;

/**
 * {@code ipc stat NAME [--watch]}: positions, semaphores, fill, rates and participants of a channel
 * or a mailbox, read without joining it.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {"Show a channel's or mailbox's positions, semaphore values, fill, rates over the last second,",
        "and each participant with pid, state (RUNNING, PARKED, STOPPED, DEAD) and heartbeat age."})
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
                try (ChannelFile file = ChannelFile.open(path))
                {
                    final UnsafeBuffer b = file.buffer();
                    counters = new long[] {b.getLongVolatile(PRODUCER_COUNTERS_OFFSET + COUNTER_RECORDS),
                        b.getLongVolatile(CONSUMER_COUNTERS_OFFSET + COUNTER_RECORDS)};
                    printChannel(file, before, counters, now - beforeNanos);
                    BridgeStatPrinter.print(file.path(), System.out);
                }
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
            throw new io.mmipc.core.file.ChannelFileException(path, "no such channel or mailbox; check the name " +
                "and MMIPC_DIR (ipc mailbox list shows the mailboxes there)", ex);
        }
    }

    private static String rate(final long[] before, final long[] now, final int i, final long nanos)
    {
        return before == null ? "-" : String.format(Locale.ROOT, "%.0f/s", (now[i] - before[i]) * 1e9 / nanos);
    }

    private static void printChannel(final ChannelFile file, final long[] before, final long[] counters, final long nanos)
    {
        final UnsafeBuffer b = file.buffer();
        final long head = b.getLongVolatile(HEAD_OFFSET);
        final long tail = b.getLongVolatile(TAIL_OFFSET);
        final int flags = file.flags();
        System.out.printf(Locale.ROOT, "channel %s: capacity %d, max record %d%s%n", file.path(), file.capacity(),
            file.maxRecordLength(), (flags & FLAG_END_OF_STREAM) != 0 ? ", END_OF_STREAM written" : "");
        System.out.printf(Locale.ROOT, "  head %d  tail %d  fill %d bytes (%.1f%%)%n", head, tail, tail - head,
            100.0 * (tail - head) / file.capacity());
        System.out.printf(Locale.ROOT, "  FREE %d (%d parked)  USED %d (%d parked)%n",
            b.getLongVolatile(FREE_SEMAPHORE_OFFSET), b.getIntVolatile(FREE_SEMAPHORE_OFFSET + 8),
            b.getLongVolatile(USED_SEMAPHORE_OFFSET), b.getIntVolatile(USED_SEMAPHORE_OFFSET + 8));
        System.out.printf(Locale.ROOT, "  next sequence %d, consumer expects %d%n",
            b.getLongVolatile(NEXT_SEQUENCE_OFFSET), b.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        final ProcessIdentity me = ProcessIdentity.current();
        for (final Role role : Role.values())
        {
            final ParticipantSlot slot = new ParticipantSlot(b, slotOffset(role), role);
            final int c = countersOffset(role); // (c - COUNTER_RECORDS would be the same: that offset is 0)
            final ParticipantState state = slot.effectiveState(me);
            final WaitStrategy wait = WaitStrategy.ofCode(slot.wakeMode());
            System.out.printf(Locale.ROOT, "  %-8s %-8s pid %-7d heartbeat %s  wait %s  records %d (%s)  bytes %d  " +
                    "waits %d  wake-ups sent %d%n",
                role.label(), state, slot.pid(), state == ParticipantState.EMPTY ? "-" : slot.heartbeatAgeMillis() + " ms ago",
                wait == null ? "-" : wait.label(), b.getLongVolatile(c + COUNTER_RECORDS),
                rate(before, counters, role.ordinal(), nanos), b.getLongVolatile(c + COUNTER_BYTES),
                b.getLongVolatile(c + COUNTER_WAITS), b.getLongVolatile(c + COUNTER_WAKEUPS_SENT));
        }
    }

    private static void printMailbox(final Path path, final MailboxStatus s, final long[] before, final long[] counters,
        final long nanos)
    {
        System.out.printf(Locale.ROOT, "mailbox %s: %d slots of %d bytes%n", path, s.slots(), s.slotSize());
        System.out.printf(Locale.ROOT, "  head %d  tail %d  fill %d messages (%.1f%%)%n", s.head(), s.tail(), s.fill(),
            100.0 * s.fill() / s.slots());
        System.out.printf(Locale.ROOT, "  FREE %d  USED %d  sent %d (%s)  received %d (%s)%n", s.free(), s.used(),
            s.sent(), rate(before, counters, 0, nanos), s.received(), rate(before, counters, 1, nanos));
        for (final MailboxStatus.Participant p : s.participants())
        {
            System.out.printf(Locale.ROOT, "  %-8s pid %-7d %-16s %s%s  heartbeat %d ms ago%n", p.state(), p.pid(),
                p.name().isEmpty() ? "-" : p.name(), p.sender() ? "sender " : "", p.receiver() ? "receiver" : "",
                p.heartbeatAgeMs());
        }
    }
}
