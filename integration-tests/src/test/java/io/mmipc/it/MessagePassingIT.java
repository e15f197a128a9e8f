package io.mmipc.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Message passing between separate JVMs: mailboxes shared by many producers and consumers, direct
 * messages to a named process, the shell's create/send/recv/destroy, and {@code ipc stat}.
 */
class MessagePassingIT extends DaemonTestSupport
{
    @Test
    void fourProducersAndThreeConsumersDeliverEveryMessageOnceInEachProducersOrder() throws Exception
    {
        final int producers = 4;
        final int consumers = 3;
        final long perProducer = 250_000;
        final List<Script> readers = new ArrayList<>();
        final List<Path> ledgers = new ArrayList<>();
        for (int i = 0; i < consumers; i++)
        {
            final Path ledger = work.resolve("ledger-" + i + ".txt");
            ledgers.add(ledger);
            readers.add(start("consumer", "--mailbox", "jobs", "--sink", "verify", "--ledger", ledger.toString()));
        }
        final long startNanos = System.nanoTime();
        final List<Script> writers = new ArrayList<>();
        for (int i = 0; i < producers; i++)
        {
            writers.add(start("producer", "--mailbox", "jobs", "--count", Long.toString(perProducer), "--size", "32"));
        }
        final Set<Long> producerPids = new HashSet<>();
        for (final Script w : writers)
        {
            assertEquals(0, w.waitFor(300), w.stderr());
            assertEquals(perProducer, w.records());
            producerPids.add(w.pid());
        }
        for (int i = 0; i < consumers; i++)
        {
            assertEquals(0, start("ipc", "send", "jobs", "--eos").waitFor(60)); // one END_OF_STREAM per consumer
        }
        final List<Long> perConsumer = new ArrayList<>();
        for (final Script r : readers)
        {
            assertEquals(0, r.waitFor(300), "each consumer verified checksums and per-producer order: " + r.stderr());
            perConsumer.add(r.records());
        }
        final double seconds = (System.nanoTime() - startNanos) / 1e9;

        final Map<Long, Set<Long>> seen = new HashMap<>();
        long total = 0;
        for (final Path ledger : ledgers)
        {
            for (final String line : Files.readAllLines(ledger))
            {
                final String[] f = line.split(" ");
                assertTrue(seen.computeIfAbsent(Long.parseLong(f[0]), k -> new HashSet<>()).add(Long.parseLong(f[1])),
                    "duplicate: " + line);
                total++;
            }
        }
        assertEquals(producerPids, seen.keySet(), "messages came from exactly the four producer JVMs");
        for (final Map.Entry<Long, Set<Long>> e : seen.entrySet())
        {
            assertEquals(perProducer, e.getValue().size(), "producer " + e.getKey() + ": none lost");
        }
        assertEquals(producers * perProducer, total);
        System.out.printf("mailbox: %d producer JVMs x %d messages -> %d consumer JVMs (%s each): %d delivered exactly " +
            "once, per-producer order kept, in %.1f s%n", producers, perProducer, consumers, perConsumer, total, seconds);
    }

    @Test
    void directReceiveFromOneSenderSeesOnlyItsMessagesInOrderWhileAnotherSendsToo() throws Exception
    {
        final Path fromAlice = work.resolve("alice.txt");
        final Path fromCarol = work.resolve("carol.txt");
        Files.write(fromAlice, IntStream.range(0, 200).mapToObj(i -> "alice-" + i).toList());
        Files.write(fromCarol, IntStream.range(0, 200).mapToObj(i -> "carol-" + i).toList());
        final Script bob = start("ipc", "recv", "--inbox", "--name", "bob", "--from", "alice", "--count", "200",
            "--timeout", "60s");
        final Script alice = startWithInput(fromAlice, "ipc", "send", "--to-name", "bob", "--name", "alice", "-");
        final Script carol = startWithInput(fromCarol, "ipc", "send", "--to-name", "bob", "--name", "carol", "-");
        assertEquals(0, alice.waitFor(60), alice.stderr());
        assertEquals(0, carol.waitFor(60), carol.stderr());
        assertEquals(0, bob.waitFor(60), bob.stderr());
        assertEquals(Files.readAllLines(fromAlice), Files.readAllLines(bob.stdoutFile()),
            "only alice's messages, all of them, in her order");

        final Script rest = start("ipc", "recv", "--inbox", "--name", "bob", "--count", "200", "--timeout", "30s",
            "--show-sender");
        assertEquals(0, rest.waitFor(60), rest.stderr());
        final List<String> lines = Files.readAllLines(rest.stdoutFile());
        assertEquals(IntStream.range(0, 200).mapToObj(i -> "carol " + i + ": carol-" + i).toList(), lines,
            "carol's messages waited, untouched, for a receive from anyone");
    }

    @Test
    void shellCreatesSendsReceivesAndDestroysAMailboxAndDestroyWaitsForReceiversUnlessForced() throws Exception
    {
        assertEquals(0, start("ipc", "mailbox", "create", "box").waitFor(60));
        assertEquals(0, start("ipc", "send", "box", "hello").waitFor(60));
        final Script recv = start("ipc", "recv", "box", "--timeout", "30s");
        assertEquals(0, recv.waitFor(60), recv.stderr());
        assertEquals("hello", Files.readString(recv.stdoutFile()).strip());

        final Script empty = start("ipc", "recv", "box", "--timeout", "200ms");
        assertEquals(5, empty.waitFor(60), "exit 5 on timeout: " + empty.stderr());

        final Script waiting = start("ipc", "recv", "box");
        awaitStat("box", "receiver", waiting.pid(), "RUNNING|PARKED");
        final Script refused = start("ipc", "mailbox", "destroy", "box");
        assertEquals(4, refused.waitFor(60), refused.stderr());
        assertTrue(refused.stderr().contains("pid " + waiting.pid()), refused.stderr());
        assertTrue(waiting.isAlive());

        final Script forced = start("ipc", "mailbox", "destroy", "box", "--force");
        assertEquals(0, forced.waitFor(60), forced.stderr());
        assertEquals(3, waiting.waitFor(60), "the woken receiver exits with its message: " + waiting.stderr());
        assertTrue(waiting.stderr().contains("was destroyed by pid " + forced.pid()), waiting.stderr());
        assertFalse(Files.exists(channelFile("box")));
    }

    @Test
    void statShowsAKilledParticipantAsDead() throws Exception
    {
        assertEquals(0, start("ipc", "mailbox", "create", "watched").waitFor(60));
        final Script victim = start("ipc", "recv", "watched");
        awaitStat("watched", "receiver", victim.pid(), "RUNNING|PARKED");
        victim.signal("KILL");
        assertEquals(137, victim.waitFor(60));
        final String stat = awaitStat("watched", "receiver", victim.pid(), "DEAD");
        System.out.println("ipc stat after kill -9:\n" + stat);

        final Script consumer = start("consumer", "--channel", "plain");
        awaitChannel("plain", state(io.mmipc.core.liveness.Role.CONSUMER, io.mmipc.core.liveness.ParticipantState.PARKED),
            60, "the consumer to park");
        consumer.signal("KILL");
        consumer.waitFor(60);
        final Script channelStat = start("ipc", "stat", "plain");
        assertEquals(0, channelStat.waitFor(60), channelStat.stderr());
        final String out = Files.readString(channelStat.stdoutFile());
        // the sides' table: ROLE STATE PID HEARTBEAT ...
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s*consumer\\s+DEAD\\s+" + consumer.pid() + "\\s.*")), out);
    }

    /** Runs {@code ipc stat} until the line of {@code pid} shows a state matching {@code states}. */
    private String awaitStat(final String name, final String role, final long pid, final String states) throws Exception
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline)
        {
            final Script stat = start("ipc", "stat", name);
            assertEquals(0, stat.waitFor(60), stat.stderr());
            last = Files.readString(stat.stdoutFile());
            // the participants' table: STATE PID NAME ROLES HEARTBEAT
            final boolean found = last.lines().anyMatch(l -> l.matches("\\s*(" + states + ")\\s+" + pid + "\\s.*") &&
                l.contains(role));
            if (found)
            {
                return last;
            }
            Thread.sleep(200);
        }
        return fail("ipc stat never showed pid " + pid + " as " + states + "; last output:\n" + last);
    }
}
