package io.mmipc.it;

import io.mmipc.bench.VethPair;
import io.mmipc.core.bridge.BridgeStatusFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A channel carried between two "hosts" (two network namespaces joined by a veth pair, each side
 * with its own MMIPC_DIR) by {@code scripts/bridge send} and {@code scripts/bridge receive}: every
 * record arrives exactly once and in order, with no loss, with 5% loss on the receiving side
 * (Aeron's loss generator), and across random {@code kill -9}s of either bridge and of either local
 * daemon (the source's producer, the destination's consumer).
 */
class BridgeIT extends DaemonTestSupport
{
    private static final int SIZE = 64;
    private static final String LOSS = "-Daeron.ReceiveChannelEndpoint.supplier=" +
        "io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier -Daeron.debug.receive.data.loss.rate=0.05 " +
        "-Daeron.debug.receive.data.loss.seed=-1";
    private static final Pattern NAKS_SENT = Pattern.compile("naks sent (\\d+)");
    private static final Pattern RETRANSMITS = Pattern.compile("retransmits (\\d+)");

    private static VethPair hosts;
    private static String skipped;

    private Path sideA;
    private Path sideB;
    private int port;

    @BeforeAll
    static void makeHosts()
    {
        final String[] why = new String[1];
        hosts = VethPair.create(why, VethPair.ETHERNET_MTU); // the bridges' default --mtu fits it
        skipped = why[0];
    }

    @AfterAll
    static void removeHosts()
    {
        if (hosts != null)
        {
            hosts.close();
        }
    }

    @BeforeEach
    void sides() throws IOException
    {
        Assumptions.assumeTrue(hosts != null, skipped);
        sideA = Files.createDirectories(work.resolve("host-a"));
        sideB = Files.createDirectories(work.resolve("host-b"));
        port = 40_000 + new Random().nextInt(10_000);
    }

    /**
     * @return a shell prefix for {@link Script#startUnder} that runs the script in namespace
     *         {@code ns} with {@code javaOptions} in {@code MMIPC_JAVA_OPTS}.
     */
    private static String in(final String ns, final String javaOptions)
    {
        return "exec env MMIPC_JAVA_OPTS='" + javaOptions + "' ip netns exec " + ns + " \"$@\"";
    }

    private Script onA(final String script, final String... args) throws IOException
    {
        return track(Script.start(work, sideA, null, script, args));
    }

    private Script onB(final String script, final String... args) throws IOException
    {
        return track(Script.start(work, sideB, null, script, args));
    }

    private Script sender(final String channel) throws IOException
    {
        return sender(channel, "");
    }

    private Script sender(final String channel, final String javaOptions) throws IOException
    {
        return track(Script.startUnder(work, sideA, in(hosts.a, javaOptions), "bridge", "send",
            "--channel", channel, "--capacity", "8m",
            "--local", VethPair.ADDRESS_A + ":" + port, "--remote", VethPair.ADDRESS_B + ":" + port));
    }

    private Script receiver(final String channel, final String javaOptions) throws IOException
    {
        return track(Script.startUnder(work, sideB, in(hosts.b, javaOptions), "bridge", "receive",
            "--channel", channel, "--capacity", "8m",
            "--local", VethPair.ADDRESS_B + ":" + port, "--remote", VethPair.ADDRESS_A + ":" + port));
    }

    /** @return the highest source sequence the receiving bridge has committed (from its status file). */
    private static long committed(final Path status)
    {
        final BridgeStatusFile file = BridgeStatusFile.read(status);
        assertNotNull(file, "no status file " + status);
        try (file)
        {
            return file.lastSent();
        }
    }

    /** Waits until {@code bridge} (not a killed predecessor whose file is left) is connected. */
    private static void awaitConnected(final Path status, final Script bridge) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            final BridgeStatusFile file = BridgeStatusFile.read(status);
            if (file != null)
            {
                try (file)
                {
                    if (file.pid() == bridge.pid() && file.connected())
                    {
                        return;
                    }
                }
            }
            assertTrue(bridge.isAlive(), "the bridge exited: " + bridge.stderr());
            Thread.sleep(20);
        }
        fail("the bridges did not connect within 60 s: " + bridge.stderr());
    }

    private static String lastLine(final Script bridge)
    {
        final String[] lines = bridge.stderr().strip().split("\n");
        return lines[lines.length - 1];
    }

    private static long counter(final Pattern pattern, final String stderr)
    {
        final Matcher m = pattern.matcher(stderr);
        assertTrue(m.find(), "no counter " + pattern + " in:\n" + stderr);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aMillionRecordsCrossBetweenTwoHostsVerified() throws Exception
    {
        final Script consumer = onB("consumer", "--channel", "far", "--capacity", "8m", "--sink", "verify");
        final Script receive = receiver("far", "");
        final Script send = sender("far");
        final Path status = sideA.resolve("far.bridge-send.stat");
        awaitConnected(status, send);
        final Script stat = onA("ipc", "stat", "far");
        assertEquals(0, stat.waitFor(30), stat.stderr());
        final String shown = Files.readString(stat.stdoutFile());
        assertTrue(Pattern.compile("bridge send +pid " + send.pid() + " +RUNNING peer " + Pattern.quote(VethPair.ADDRESS_B) +
            ":" + port + "  connected  records 0  last sent -1  last acked -1").matcher(shown).find(),
            "ipc stat shows the bridge:\n" + shown);
        final Script producer = onA("producer", "--channel", "far", "--capacity", "8m", "--count", "1000000",
            "--size", Integer.toString(SIZE));
        assertEquals(0, producer.waitFor(180), producer.stderr());
        assertEquals(0, send.waitFor(60), send.stderr());
        assertEquals(0, receive.waitFor(60), receive.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertEquals(1_000_000, consumer.records(), consumer.stderr());
        System.out.println("bridge: " + consumer.throughputLine());
        assertFalse(Files.exists(sideB.resolve("far.bridge")), "the ledger is removed once the sender is done");
        assertFalse(Files.exists(status), "a bridge removes its status file when it exits");
    }

    @Test
    void withFivePercentLossOnTheReceivingSideEveryRecordArrivesAndTheLossIsRepaired() throws Exception
    {
        final Script consumer = onB("consumer", "--channel", "lossy", "--capacity", "8m", "--sink", "verify");
        final Script receive = receiver("lossy", LOSS);
        final Path jfr = work.resolve("send.jfr");
        final Script send = sender("lossy", "-XX:StartFlightRecording:filename=" + jfr +
            ",+io.mmipc.BridgeRetransmits#enabled=true");
        final Script producer = onA("producer", "--channel", "lossy", "--capacity", "8m", "--count", "1000000",
            "--size", Integer.toString(SIZE));
        assertEquals(0, producer.waitFor(180), producer.stderr());
        assertEquals(0, send.waitFor(120), send.stderr());
        assertEquals(0, receive.waitFor(60), receive.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertEquals(1_000_000, consumer.records(), consumer.stderr());
        final long naks = counter(NAKS_SENT, receive.stderr());
        final long retransmits = counter(RETRANSMITS, send.stderr().substring(send.stderr().indexOf("naks sent")));
        System.out.println("bridge with 5% loss: " + consumer.throughputLine() + "; receiver naks sent " + naks +
            ", sender retransmits " + retransmits);
        assertTrue(naks > 0, "the receiver saw gaps and asked for them: " + receive.stderr());
        assertTrue(retransmits > 0, "the sender retransmitted: " + send.stderr());
        // the sending bridge's recording shows the repairs as they happened (JFR event io.mmipc.BridgeRetransmits)
        final java.util.List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(jfr)
            .stream().filter(e -> e.getEventType().getName().equals("io.mmipc.BridgeRetransmits")).toList();
        assertFalse(events.isEmpty(), "the recording holds bridge retransmit events");
        final long recorded = events.get(events.size() - 1).getLong("retransmits");
        assertTrue(recorded > 0 && recorded <= retransmits, "the last event's retransmits " + recorded +
            " (the exit line says " + retransmits + ")");
        System.out.println("bridge with 5% loss: " + events.size() + " JFR io.mmipc.BridgeRetransmits events on the " +
            "sending bridge, the last at " + recorded + " retransmits");
    }

    @Test
    void bridgesStoppedBySigtermExitZeroAndTheNextOnesFinishTheStream() throws Exception
    {
        final Script consumer = onB("consumer", "--channel", "t", "--capacity", "8m", "--sink", "verify");
        Script receive = receiver("t", "");
        Script send = sender("t");
        awaitConnected(sideA.resolve("t.bridge-send.stat"), send);
        final Script producer = onA("producer", "--channel", "t", "--capacity", "8m", "--count", "200000",
            "--size", Integer.toString(SIZE), "--rate", "40000");
        Thread.sleep(1500);
        send.signal("TERM");
        assertEquals(0, send.waitFor(30), send.stderr());
        assertTrue(send.stderr().contains("(stopped by SIGTERM)"), send.stderr());
        receive.signal("TERM");
        assertEquals(0, receive.waitFor(30), receive.stderr());
        assertTrue(receive.stderr().contains("(stopped by SIGTERM)"), receive.stderr());
        assertTrue(Files.exists(sideB.resolve("t.bridge")), "the ledger stays while the stream is unfinished");
        receive = receiver("t", "");
        send = sender("t");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, send.waitFor(60), send.stderr());
        assertEquals(0, receive.waitFor(60), receive.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertEquals(200_000, consumer.records(), consumer.stderr());
    }

    @Test
    void aMailboxCarriedAcrossDeliversEachMessageOfTwoSendersToOneOfTwoReceiversOnce() throws Exception
    {
        final String[] box = {"--mailbox", "m", "--capacity", "1m", "--slot-size", "128"};
        final Path[] ledgers = {work.resolve("ledger-0.txt"), work.resolve("ledger-1.txt")};
        final Script[] receivers = new Script[2];
        for (int i = 0; i < 2; i++)
        {
            receivers[i] = onB("consumer", concat(box, "--sink", "verify", "--ledger", ledgers[i].toString()));
        }
        final Script receive = mailboxBridge("receive", box);
        final Script send = mailboxBridge("send", box);
        awaitConnected(sideA.resolve("m.bridge-send.stat"), send);
        final Script[] senders = new Script[2];
        for (int i = 0; i < 2; i++)
        {
            senders[i] = onA("producer", concat(box, "--count", "50000", "--size", "32"));
        }
        final long consumed = finishMailboxStream("m", senders, receivers, send, receive);
        assertTrue(send.stderr().contains("sent 100002 messages"), "two senders' messages and two ends: " + send.stderr());
        final java.util.Set<String> positions = new java.util.HashSet<>();
        final java.util.Map<String, Long> perReceiver = new java.util.HashMap<>();
        for (final Path ledger : ledgers)
        {
            for (final String line : Files.readAllLines(ledger))
            {
                final String[] f = line.split(" ");
                assertEquals(Long.toString(receive.pid()), f[0], "the receiving bridge sent it on this side: " + line);
                assertTrue(positions.add(f[2]), "delivered twice: " + line);
                perReceiver.merge(ledger.getFileName().toString(), 1L, Long::sum);
            }
        }
        System.out.println("bridge mailbox: 2 senders -> 2 receivers across the bridges, " + positions.size() +
            " messages each delivered once " + perReceiver + "; receivers verified each sender's order and payloads");
        assertEquals(100_000, positions.size());
        assertEquals(100_000, consumed);
    }

    @Test
    void killNineOfTheMailboxSendingBridgeLosesAndDuplicatesNoMessage() throws Exception
    {
        final String[] box = {"--mailbox", "mk", "--capacity", "1m", "--slot-size", "128"};
        final int kills = 5;
        final long perSender = 50_000;
        final Path[] ledgers = {work.resolve("ledger-k0.txt"), work.resolve("ledger-k1.txt")};
        final Script[] receivers = new Script[2];
        for (int i = 0; i < 2; i++)
        {
            receivers[i] = onB("consumer", concat(box, "--sink", "verify", "--ledger", ledgers[i].toString()));
        }
        final Script receive = mailboxBridge("receive", box);
        Script send = mailboxBridge("send", box);
        final Path status = sideA.resolve("mk.bridge-send.stat");
        awaitConnected(status, send);
        final Script[] senders = new Script[2];
        for (int i = 0; i < 2; i++)
        {
            // paced so that the stream outlasts the kills
            senders[i] = onA("producer", concat(box, "--count", Long.toString(perSender), "--size", "32",
                "--rate", "3000"));
        }
        final Random random = new Random();
        for (int k = 0; k < kills; k++)
        {
            Thread.sleep(300 + random.nextInt(500));
            assertTrue(senders[0].isAlive() || senders[1].isAlive(), "the senders finished during the kill phase");
            send.signal("KILL");
            assertEquals(137, send.waitFor(60), "killed by SIGKILL: " + send.stderr());
            send = mailboxBridge("send", box);
            awaitConnected(status, send);
        }
        final long consumed = finishMailboxStream("mk", senders, receivers, send, receive);
        final java.util.Set<String> messages = new java.util.HashSet<>();
        for (final Path ledger : ledgers)
        {
            for (final String line : Files.readAllLines(ledger))
            {
                final String[] f = line.split(" ");
                assertTrue(messages.add(f[2]), "delivered twice: " + line);
                // the verify sinks checked each message's payload against its sequence on this side,
                // which a lost or repeated message would shift; none goes past a sender's count
                assertTrue(Long.parseLong(f[1]) < perSender, "a sender's sequence past its count: " + line);
            }
        }
        System.out.println("bridge mailbox kill test: " + kills + " kill -9s of the sending bridge, " + messages.size() +
            " messages from 2 senders each delivered once; the last receiving bridge: " + lastLine(receive));
        assertEquals(2 * perSender, messages.size());
        assertEquals(2 * perSender, consumed);
    }

    /**
     * Waits for the senders, sends one END_OF_STREAM per receiver, waits for each receiver to end
     * (its verify sink checked each sender's order and payloads), then stops both bridges.
     *
     * @return the messages the receivers consumed.
     */
    private long finishMailboxStream(final String box, final Script[] senders, final Script[] receivers,
        final Script send, final Script receive) throws Exception
    {
        for (final Script s : senders)
        {
            assertEquals(0, s.waitFor(120), s.stderr());
        }
        for (int i = 0; i < receivers.length; i++)
        {
            final Script eos = onA("ipc", "send", box, "--eos");
            assertEquals(0, eos.waitFor(30), eos.stderr());
        }
        long consumed = 0;
        for (final Script r : receivers)
        {
            assertEquals(0, r.waitFor(120), "each receiver ends at an END_OF_STREAM that crossed, each sender's " +
                "messages verified: " + r.stderr());
            consumed += r.records();
        }
        send.signal("TERM");
        receive.signal("TERM");
        assertEquals(0, send.waitFor(30), send.stderr());
        assertEquals(0, receive.waitFor(30), receive.stderr());
        return consumed;
    }

    private Script mailboxBridge(final String role, final String[] box) throws IOException
    {
        final boolean sending = "send".equals(role);
        return track(Script.startUnder(work, sending ? sideA : sideB, in(sending ? hosts.a : hosts.b, ""),
            "bridge", concat(concat(new String[] {role}, box), "--local",
                (sending ? VethPair.ADDRESS_A : VethPair.ADDRESS_B) + ":" + port, "--remote",
                (sending ? VethPair.ADDRESS_B : VethPair.ADDRESS_A) + ":" + port)));
    }

    private static String[] concat(final String[] first, final String... rest)
    {
        final String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    @Test
    void randomKillNineOfEitherBridgeOrEitherLocalDaemonLosesAndDuplicatesNothing() throws Exception
    {
        final int kills = Integer.getInteger("bridge.kills", 24);
        final long records = Long.getLong("bridge.kill.records", 1_500_000L);
        final long seed = Long.getLong("bridge.kill.seed", System.nanoTime());
        final Random random = new Random(seed);
        final Path output = work.resolve("bridged.bin");
        System.out.println("bridge kill test: seed " + seed + ", " + kills + " kills, " + records + " records");
        final String[] consumerArgs = {"--channel", "k", "--capacity", "8m", "--sink", "file:" + output};
        Script consumer = onB("consumer", consumerArgs);
        Script receive = receiver("k", "");
        Script send = sender("k");
        final String[] producerArgs = {"--channel", "k", "--capacity", "8m", "--count", Long.toString(records),
            "--size", Integer.toString(SIZE)};
        // Paced so that the stream outlasts the kills; a fast finisher completes it afterwards. A
        // restarted producer (--source gen) resumes at the channel's next sequence.
        final String[] pacedArgs = concat(producerArgs, "--rate", "20000");
        Script producer = onA("producer", pacedArgs);
        final int[] killed = new int[VICTIMS.length];
        final Path sendStatus = sideA.resolve("k.bridge-send.stat");
        final Path receiveStatus = sideB.resolve("k.bridge-receive.stat");
        long firstAcked = -1;
        long lastAcked = -1;
        final int[] order = {0, 1, 2, 3};
        for (int k = 0; k < kills; k++)
        {
            if (k % order.length == 0)
            {
                shuffle(order, random); // every victim once in each four kills, in a random order
            }
            final int victim = order[k % order.length];
            // Each kill lands mid-stream: both bridges up and connected, then a random moment.
            awaitConnected(sendStatus, send);
            awaitConnected(receiveStatus, receive);
            Thread.sleep(100 + random.nextInt(700));
            assertTrue(consumer.isAlive() && producer.isAlive(), "the stream ended during the kill phase; raise " +
                "-Dbridge.kill.records: " + consumer.stderr() + producer.stderr());
            final long acked = committed(receiveStatus);
            firstAcked = firstAcked < 0 ? acked : firstAcked;
            lastAcked = acked;
            final Script target = switch (victim)
            {
                case 0 -> send;
                case 1 -> receive;
                case 2 -> producer;
                default -> consumer;
            };
            target.signal("KILL");
            assertEquals(137, target.waitFor(60), "killed by SIGKILL: " + target.stderr());
            killed[victim]++;
            switch (victim)
            {
                case 0 -> send = sender("k");
                case 1 -> receive = receiver("k", "");
                case 2 -> producer = onA("producer", pacedArgs);
                default -> consumer = onB("consumer", consumerArgs);
            }
        }
        assertTrue(producer.isAlive(), "the stream ended during the kill phase: " + producer.stderr());
        producer.signal("KILL"); // one more: the finisher, unpaced, recovers the channel and completes the stream
        assertEquals(137, producer.waitFor(60), producer.stderr());
        final Script finisher = onA("producer", producerArgs);
        assertEquals(0, finisher.waitFor(180), finisher.stderr());
        assertEquals(0, send.waitFor(120), send.stderr());
        assertEquals(0, receive.waitFor(60), receive.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        final long delivered = GeneratedStreams.verify(output, records, SIZE);
        System.out.println("bridge kill test: committed through " + firstAcked + " at the first kill, " + lastAcked +
            " at the last; the last bridges: " + lastLine(send) + " / " + lastLine(receive));
        assertTrue(lastAcked > firstAcked, "the stream moved during the kill phase");
        final StringBuilder each = new StringBuilder();
        for (int v = 0; v < VICTIMS.length; v++)
        {
            each.append(v == 0 ? "" : ", ").append(killed[v]).append(' ').append(VICTIMS[v]);
            assertTrue(killed[v] > 0, VICTIMS[v] + " was killed at least once");
        }
        System.out.println("bridge kill test: " + kills + " kills (" + each + "), " + delivered +
            " records delivered exactly once, in order, checksums valid");
    }

    private static final String[] VICTIMS = {"bridge send", "bridge receive", "source producer", "destination consumer"};

    private static void shuffle(final int[] order, final Random random)
    {
        for (int i = order.length - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
