package io.mmipc.it;

import io.mmipc.core.mailbox.MailboxStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real {@code kill -9} of mailbox senders and receivers (producer and consumer daemons with
 * {@code --mailbox}, consumers with {@code --ledger}) at random times, each restarted at once (a
 * consumer on its ledger). Afterwards: no process hangs, every message of every sender that was not
 * killed is in the ledgers exactly once (checked by identity, a bitset per sender), each sender's
 * messages in its order in each ledger, and a killed sender's delivered messages are ones it sent,
 * once each.
 *
 * <p>Soak it with {@code scripts/test -pl integration-tests -am -Dit.test=MailboxKillIT -Dkills=500}
 * ({@code -Dkill.seed=N} replays a run).
 */
class MailboxKillIT extends DaemonTestSupport
{
    private static final int SENDERS = 2;
    private static final int RECEIVERS = 2;

    @Test
    void randomKillNineOfSendersAndReceiversLosesAndDuplicatesNothing() throws Exception
    {
        final int kills = Integer.getInteger("kills", 30);
        final long seed = Long.getLong("kill.seed", System.nanoTime());
        final Random random = new Random(seed);
        System.out.println("mailbox kill test: seed " + seed + ", " + kills + " kills");
        assertEquals(0, start("ipc", "mailbox", "create", "kill", "--slots", "1024", "--slot-size", "128").waitFor(60));
        final String[] producerArgs = {"--mailbox", "kill", "--count", "1000000000", "--size", "32", "--rate", "20000"};
        final List<Path> ledgers = new ArrayList<>();
        final Script[] senders = new Script[SENDERS];
        final Script[] receivers = new Script[RECEIVERS];
        for (int i = 0; i < RECEIVERS; i++)
        {
            ledgers.add(work.resolve("ledger-" + i + ".txt"));
            receivers[i] = start("consumer", consumerArgs(ledgers.get(i)));
        }
        for (int i = 0; i < SENDERS; i++)
        {
            senders[i] = start("producer", producerArgs);
        }
        final Set<Long> killedSenders = new HashSet<>();
        int senderKills = 0;
        int receiverKills = 0;
        final long deadline = System.nanoTime() + 600_000_000_000L;
        while (senderKills + receiverKills < kills)
        {
            assertTrue(System.nanoTime() < deadline, "the kill phase took over 10 minutes");
            Thread.sleep(50 + random.nextInt(800)); // some land during JVM start-up, most mid-stream
            final int victim = random.nextInt(SENDERS + RECEIVERS);
            final boolean sender = victim < SENDERS;
            final Script script = sender ? senders[victim] : receivers[victim - SENDERS];
            script.signal("KILL");
            assertEquals(137, script.waitFor(60), "killed by SIGKILL: " + script.stderr());
            if (sender)
            {
                senderKills++;
                killedSenders.add(script.pid());
                senders[victim] = start("producer", producerArgs);
            }
            else
            {
                receiverKills++;
                receivers[victim - SENDERS] = start("consumer", consumerArgs(ledgers.get(victim - SENDERS)));
            }
        }

        // Senders that were not killed: stopped gracefully (each counts what it sent), then one fast finisher.
        final Map<Long, Long> complete = new HashMap<>();
        for (final Script s : senders)
        {
            awaitSending(s); // past JVM start-up, so that SIGTERM reaches the daemon's handler
            s.signal("TERM");
            final int code = s.waitFor(60);
            if (code == 0)
            {
                complete.put(s.pid(), s.records());
            }
            else
            {
                killedSenders.add(s.pid()); // ended by the signal before its handler was installed
            }
        }
        final Script finisher = start("producer", "--mailbox", "kill", "--count", "200000", "--size", "32");
        assertEquals(0, finisher.waitFor(120), finisher.stderr());
        complete.put(finisher.pid(), 200_000L);
        for (int i = 0; i < RECEIVERS; i++)
        {
            assertEquals(0, start("ipc", "send", "kill", "--eos").waitFor(60));
        }
        for (final Script r : receivers)
        {
            assertEquals(0, r.waitFor(120), "every receiver ends at its END_OF_STREAM: " + r.stderr());
        }
        final long before = System.nanoTime();
        final Script late = start("ipc", "recv", "kill", "--timeout", "300ms");
        assertEquals(5, late.waitFor(60), "a receiver with a deadline returns by it: " + late.stderr());
        final double lateSeconds = (System.nanoTime() - before) / 1e9;

        final long delivered = check(ledgers, complete, killedSenders);
        final String line = "mailbox kill test: " + (senderKills + receiverKills) + " kills (" + senderKills +
            " sender, " + receiverKills + " receiver), " + delivered + " messages delivered exactly once, " +
            "per-sender order kept (" + complete.size() + " complete senders, " + killedSenders.size() +
            " killed senders; a late receive(300ms) returned in " + String.format("%.1f", lateSeconds) + " s)";
        System.out.println(line);
        assertTrue(senderKills > 0 && receiverKills > 0, "both kinds were killed at least once");
    }

    private void awaitSending(final Script sender) throws Exception
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && sender.isAlive())
        {
            final MailboxStatus status = MailboxStatus.read(channelFile("kill"));
            if (status.participants().stream().anyMatch(p -> p.pid() == sender.pid() && p.sender() && p.live()))
            {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static String[] consumerArgs(final Path ledger)
    {
        return new String[] {"--mailbox", "kill", "--sink", "verify", "--ledger", ledger.toString()};
    }

    private static long check(final List<Path> ledgers, final Map<Long, Long> complete, final Set<Long> killed)
        throws Exception
    {
        final Map<Long, BitSet> seen = new HashMap<>();
        long delivered = 0;
        for (final Path ledger : ledgers)
        {
            final Map<Long, Long> last = new HashMap<>();
            for (final String line : Files.readAllLines(ledger))
            {
                final String[] f = line.split(" ");
                final long pid = Long.parseLong(f[0]);
                final int sequence = Integer.parseInt(f[1]);
                assertTrue(complete.containsKey(pid) || killed.contains(pid), "from no sender of this run: " + line);
                final BitSet bits = seen.computeIfAbsent(pid, k -> new BitSet());
                assertFalse(bits.get(sequence), "delivered twice: " + line + " in " + ledger.getFileName());
                bits.set(sequence);
                assertTrue(last.getOrDefault(pid, -1L) < sequence, "out of the sender's order: " + line);
                last.put(pid, (long)sequence);
                delivered++;
            }
        }
        for (final Map.Entry<Long, Long> e : complete.entrySet())
        {
            final BitSet bits = seen.getOrDefault(e.getKey(), new BitSet());
            assertEquals(e.getValue().longValue(), bits.cardinality(), "sender " + e.getKey() + ": each message once");
            assertEquals(e.getValue().longValue(), bits.nextClearBit(0), "sender " + e.getKey() + ": a gap");
        }
        return delivered;
    }
}
