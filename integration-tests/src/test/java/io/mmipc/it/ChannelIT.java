package io.mmipc.it;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The producer and consumer daemons as separate JVMs, started through the scripts users run, with
 * real signals.
 */
class ChannelIT extends DaemonTestSupport
{
    private long counter(final String channel, final int offset) throws IOException
    {
        try (ChannelFile file = ChannelFile.open(channelFile(channel)))
        {
            return file.buffer().getLongVolatile(offset);
        }
    }

    @Test
    void millionRecordsPassFromProducerToConsumerVerified() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "million", "--sink", "verify");
        final Script producer = start("producer", "--channel", "million", "--count", "1000000", "--size", "64");
        assertEquals(0, producer.waitFor(120), producer.stderr());
        assertEquals(0, consumer.waitFor(120), consumer.stderr());
        assertEquals(1_000_000, producer.records());
        assertEquals(1_000_000, consumer.records());
        System.out.println(producer.throughputLine());
        System.out.println(consumer.throughputLine());
        assertEquals(ParticipantState.STOPPED, stateOf("million", Role.PRODUCER));
        assertEquals(ParticipantState.STOPPED, stateOf("million", Role.CONSUMER));
    }

    @Test
    void consumerStartedFirstWaitsForTheProducer() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "early", "--sink", "verify");
        awaitChannel("early", state(Role.CONSUMER, ParticipantState.PARKED), 60, "the consumer to park on an empty channel");
        Thread.sleep(500);
        assertTrue(consumer.isAlive(), "the consumer waits instead of exiting: " + consumer.stderr());
        final Script producer = start("producer", "--channel", "early", "--count", "50000", "--size", "100");
        assertEquals(0, producer.waitFor(120), producer.stderr());
        assertEquals(0, consumer.waitFor(120), consumer.stderr());
        assertEquals(50_000, consumer.records());
    }

    @Test
    void fiftyMegabytesThroughStdinArriveByteIdentical() throws Exception
    {
        final Path input = work.resolve("random.bin");
        final byte[] chunk = new byte[1 << 20];
        final Random random = new Random(42);
        try (var out = Files.newOutputStream(input))
        {
            for (int i = 0; i < 50; i++)
            {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        final Script consumer = start("consumer", "--channel", "pipe", "--sink", "stdout");
        final Script producer = startWithInput(input, "producer", "--channel", "pipe", "--source", "stdin");
        assertEquals(0, producer.waitFor(120), producer.stderr());
        assertEquals(0, consumer.waitFor(120), consumer.stderr());
        assertEquals(Files.size(input), Files.size(consumer.stdoutFile()));
        assertEquals(sha256(input), sha256(consumer.stdoutFile()), "byte-identical copy through the channel");
        // Timed from the first record, not from the end of the first batch (which once held every
        // record: "consumed 800 records ... in 0.000 s"). Writing 50 MB takes milliseconds at least.
        assertTrue(consumer.seconds() >= 0.001, consumer.throughputLine());
        assertTrue(consumer.throughputLine().contains("MB/s"), consumer.throughputLine());
        System.out.println(producer.throughputLine());
        System.out.println(consumer.throughputLine());
    }

    @Test
    void sigtermStopsBothDaemonsMidStreamWithExitZeroAndStoppedInTheFile() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "term", "--sink", "verify");
        final Script producer = start("producer", "--channel", "term", "--count", "1000000000", "--rate", "200000");
        awaitChannel("term", consumedAtLeast(10_000), 60, "records to flow");
        producer.signal("TERM");
        assertEquals(0, producer.waitFor(30), producer.stderr());
        assertTrue(producer.stderr().contains("stopped by SIGTERM"), producer.stderr());
        assertEquals(ParticipantState.STOPPED, stateOf("term", Role.PRODUCER));
        assertTrue(consumer.isAlive(), "the consumer keeps waiting for a producer to continue the stream");

        awaitChannel("term", file -> file.buffer().getLongVolatile(ChannelDescriptor.HEAD_OFFSET) ==
            file.buffer().getLongVolatile(ChannelDescriptor.TAIL_OFFSET), 60, "the consumer to drain the ring");
        consumer.signal("TERM");
        assertEquals(0, consumer.waitFor(30), consumer.stderr());
        assertEquals(ParticipantState.STOPPED, stateOf("term", Role.CONSUMER));
        assertEquals(producer.records(), consumer.records(), "every record produced was consumed and verified");
    }

    @Test
    void producerStoppedOnAFullRingExitsZeroAndANewProducerContinuesTheStream() throws Exception
    {
        final Script first = start("producer", "--channel", "full", "--count", "200000", "--capacity", "64k");
        awaitChannel("full", state(Role.PRODUCER, ParticipantState.PARKED), 60, "the producer to park on a full ring");
        first.signal("TERM");
        assertEquals(0, first.waitFor(30), first.stderr());
        final long written = first.records();
        assertTrue(written > 0 && written < 200_000, first.stderr());

        final Script consumer = start("consumer", "--channel", "full", "--sink", "verify");
        final Script second = start("producer", "--channel", "full", "--count", "200000");
        assertEquals(0, second.waitFor(120), second.stderr());
        assertEquals(0, consumer.waitFor(120), consumer.stderr());
        assertEquals(200_000 - written, second.records(), "the second producer continued at the next sequence");
        assertEquals(200_000, consumer.records(), "verified 0..199999 with no gap or duplicate");
    }

    @Test
    void sigusr1WakesAParkedConsumerForTheNextRecord() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "usr1", "--sink", "verify", "--wait", "signal");
        awaitChannel("usr1", state(Role.CONSUMER, ParticipantState.PARKED), 60, "the consumer to park");
        Thread.sleep(1_200); // parked for over a second
        assertTrue(consumer.isAlive());
        final Script producer = start("producer", "--channel", "usr1", "--count", "1", "--wait", "signal");
        final long start = System.nanoTime();
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        final long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, consumer.records());
        final long signals = counter("usr1", ChannelDescriptor.PRODUCER_COUNTERS_OFFSET + ChannelDescriptor.COUNTER_WAKEUPS_SENT);
        assertTrue(signals >= 1, "the producer woke the parked consumer with SIGUSR1");
        System.out.println("SIGUSR1 wake-up: producer sent " + signals + " wake-up(s); the parked consumer had the record " +
            "and exited " + millis + " ms after the producer JVM was started (JVM start-up included)");
    }

    @Test
    void secondProducerWhileOneIsLiveIsRefusedWithExitFour() throws Exception
    {
        final Script first = start("producer", "--channel", "busy", "--count", "1000000", "--capacity", "64k");
        awaitChannel("busy", state(Role.PRODUCER, ParticipantState.PARKED), 60, "the first producer to fill the ring");
        final Script second = start("producer", "--channel", "busy", "--count", "10");
        assertEquals(4, second.waitFor(60), second.stderr());
        assertTrue(second.stderr().contains("a live producer (pid " + first.pid() + ") is already attached"), second.stderr());
        assertTrue(first.isAlive());
        first.signal("TERM");
        assertEquals(0, first.waitFor(30));
    }

    @Test
    void foreignFileIsRefusedWithExitThreeNamingIt() throws Exception
    {
        Files.write(channelFile("foreign"), new byte[8192]);
        final Script consumer = start("consumer", "--channel", "foreign");
        assertEquals(3, consumer.waitFor(60));
        assertTrue(consumer.stderr().contains(channelFile("foreign").toString()), consumer.stderr());
        assertTrue(consumer.stderr().contains("not an mmipc channel"), consumer.stderr());
        assertFalse(consumer.stderr().contains("Exception"), "a message, not a stack trace: " + consumer.stderr());
    }

    @Test
    void helpVersionAndUsageErrorsHaveTheirExitCodes() throws Exception
    {
        final Script help = start("producer", "--help");
        assertEquals(0, help.waitFor(60));
        assertTrue(Files.readString(help.stdoutFile()).contains("Exit codes:"));
        final Script version = start("consumer", "--version");
        assertEquals(0, version.waitFor(60));
        final String versionText = Files.readString(version.stdoutFile());
        assertTrue(versionText.startsWith("mmipc " + System.getProperty("mmipc.version") + "\n"), versionText);
        assertTrue(versionText.contains("JVM: " + Runtime.version().feature()), versionText);
        final Script wrong = start("consumer", "--channel", "x", "--sink", "nowhere");
        assertEquals(2, wrong.waitFor(60));
        assertTrue(wrong.stderr().contains("--sink 'nowhere'"), wrong.stderr());
        final Script badWait = start("producer", "--channel", "x", "--wait", "sleepy");
        assertEquals(2, badWait.waitFor(60));
    }

    private static String sha256(final Path file) throws Exception
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file))
        {
            final byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0)
            {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
