package io.mmipc.it;

import io.mmipc.core.crash.CrashPoints;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Walks every crash point of a mailbox's send, receive and repair: a JVM halted (exit 99, as by
 * {@code kill -9}) just before its N-th shared store of the scope, for N = 1, 2, ... until a JVM
 * finishes normally (every point walked). After each, a fresh sender and receiver complete, every
 * message of a sender that was not halted is delivered exactly once, in its order, and a halted
 * sender's delivered messages are ones it sent, once each.
 */
class MailboxCrashPointIT extends DaemonTestSupport
{
    private static final int MAX_POINTS = 80;

    @Test
    void aSenderHaltedAtAnyStoreLeavesAMailboxThatDeliversEveryOtherMessageExactlyOnce() throws Exception
    {
        int n = 1;
        for (; n <= MAX_POINTS; n++)
        {
            final String box = "send" + n;
            create(box);
            final Script halted = crashAt(CrashPoints.SEND, n, "producer", "--mailbox", box, "--count", "5", "--size",
                "32", "--batch", "2");
            final int code = halted.waitFor(60);
            final Path ledger = work.resolve(box + ".ledger");
            final long fresh = recoverAndDrain(box, ledger, 1);
            check(ledger, Map.of(fresh, 5L), List.of(halted.pid()));
            if (code == 0)
            {
                break;
            }
            assertEquals(CrashPoints.EXIT_CODE, code, halted.stderr());
        }
        assertTrue(n > 10 && n <= MAX_POINTS, "walked " + n + " send points");
        System.out.println("mailbox crash points: send walked " + (n - 1) + " points, recovered from each");
    }

    @Test
    void aDurableReceiverHaltedAtAnyStoreIsFinishedByItsSuccessorExactlyOnce() throws Exception
    {
        int n = 1;
        for (; n <= MAX_POINTS; n++)
        {
            final String box = "recv" + n;
            create(box);
            final Script first = start("producer", "--mailbox", box, "--count", "5", "--size", "32", "--batch", "5");
            assertEquals(0, first.waitFor(60), first.stderr());
            final Path ledger = work.resolve(box + ".ledger");
            final Script halted = crashAt(CrashPoints.RECEIVE, n, "consumer", "--mailbox", box, "--count", "5",
                "--sink", "verify", "--ledger", ledger.toString());
            final int code = halted.waitFor(60);
            final long fresh = recoverAndDrain(box, ledger, 1); // the successor: the same ledger
            check(ledger, Map.of(first.pid(), 5L, fresh, 5L), List.of());
            if (code == 0)
            {
                break;
            }
            assertEquals(CrashPoints.EXIT_CODE, code, halted.stderr());
        }
        assertTrue(n > 5 && n <= MAX_POINTS, "walked " + n + " receive points");
        System.out.println("mailbox crash points: receive walked " + (n - 1) + " points, exactly once from each");
    }

    @Test
    void anUnblockerHaltedAtAnyStoreLeavesWorkTheNextOneFinishes() throws Exception
    {
        int n = 1;
        for (; n <= MAX_POINTS; n++)
        {
            final String box = "repair" + n;
            create(box);
            final Script first = start("producer", "--mailbox", box, "--count", "3", "--size", "32");
            assertEquals(0, first.waitFor(60), first.stderr());
            // a receiver dies holding position 0, a sender dies holding positions 3 and 4
            final Script deadReceiver = crashAt(CrashPoints.RECEIVE, 3, "consumer", "--mailbox", box, "--count", "1",
                "--sink", "discard");
            assertEquals(CrashPoints.EXIT_CODE, deadReceiver.waitFor(60), deadReceiver.stderr());
            final Script deadSender = crashAt(CrashPoints.SEND, 3, "producer", "--mailbox", box, "--count", "2",
                "--size", "32", "--batch", "2");
            assertEquals(CrashPoints.EXIT_CODE, deadSender.waitFor(60), deadSender.stderr());
            final Script halted = crashAt(CrashPoints.REPAIR, n, "consumer", "--mailbox", box, "--count", "1",
                "--sink", "discard");
            final int code = halted.waitFor(60);
            final Path ledger = work.resolve(box + ".ledger");
            final long fresh = recoverAndDrain(box, ledger, 1);
            check(ledger, Map.of(fresh, 5L), List.of(first.pid(), deadSender.pid()));
            if (code == 0)
            {
                break;
            }
            assertEquals(CrashPoints.EXIT_CODE, code, halted.stderr());
        }
        assertTrue(n >= 3 && n <= MAX_POINTS, "walked " + n + " repair points");
        System.out.println("mailbox crash points: repair walked " + (n - 1) + " points, recovered from each");
    }

    private void create(final String box) throws Exception
    {
        final Script create = start("ipc", "mailbox", "create", box, "--slots", "8", "--slot-size", "128");
        assertEquals(0, create.waitFor(60), create.stderr());
    }

    private Script crashAt(final String scope, final int n, final String script, final String... args) throws Exception
    {
        return track(Script.startUnder(work, channels(),
            "export MMIPC_JAVA_OPTS=-D" + CrashPoints.PROPERTY + "=" + scope + ":" + n + "; exec \"$@\"", script, args));
    }

    /** A fresh sender sends 5; END_OF_STREAM; a receiver on {@code ledger} drains to it. @return the sender's pid. */
    private long recoverAndDrain(final String box, final Path ledger, final int receivers) throws Exception
    {
        final Script fresh = start("producer", "--mailbox", box, "--count", "5", "--size", "32");
        final Script consumer = start("consumer", "--mailbox", box, "--sink", "verify", "--ledger", ledger.toString());
        assertEquals(0, fresh.waitFor(60), "a fresh sender completes: " + fresh.stderr());
        assertEquals(5, fresh.records());
        for (int i = 0; i < receivers; i++)
        {
            assertEquals(0, start("ipc", "send", box, "--eos").waitFor(60));
        }
        assertEquals(0, consumer.waitFor(60), "a fresh receiver completes: " + consumer.stderr());
        return fresh.pid();
    }

    /**
     * Every message of each sender in {@code complete} exactly once, in its order; every message of
     * a sender in {@code partial} at most once, in its order; nothing from anyone else.
     */
    static void check(final Path ledger, final Map<Long, Long> complete, final List<Long> partial) throws Exception
    {
        final Map<Long, BitSet> seen = new HashMap<>();
        final Map<Long, Long> last = new HashMap<>();
        for (final String line : Files.exists(ledger) ? Files.readAllLines(ledger) : List.<String>of())
        {
            final String[] f = line.split(" ");
            final long pid = Long.parseLong(f[0]);
            final int sequence = Integer.parseInt(f[1]);
            assertTrue(complete.containsKey(pid) || partial.contains(pid), "a message from no sender of this run: " + line);
            final BitSet bits = seen.computeIfAbsent(pid, k -> new BitSet());
            assertFalse(bits.get(sequence), "delivered twice: " + line);
            bits.set(sequence);
            assertTrue(last.getOrDefault(pid, -1L) < sequence, "out of the sender's order: " + line);
            last.put(pid, (long)sequence);
        }
        for (final Map.Entry<Long, Long> e : complete.entrySet())
        {
            final BitSet bits = seen.getOrDefault(e.getKey(), new BitSet());
            assertEquals(e.getValue(), bits.cardinality(), "sender " + e.getKey() + ": every message once " + bits);
            assertEquals(e.getValue(), bits.nextClearBit(0), "sender " + e.getKey() + ": messages 0.." + (e.getValue() - 1));
        }
    }
}
