package io.mmipc.it.container;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Producer and consumer in two containers sharing one channel file through a bind-mounted tmpfs
 * folder: two pid namespaces, so pids in the mapping mean nothing to the peer and signals cannot
 * reach it, while the futex on the shared file still does.
 *
 * <p>Runs wherever a Docker engine answers ({@code scripts/ci/docker-up} makes one here) and skips
 * with a printed reason elsewhere. The image comes from {@code -Dmmipc.it.image}.
 */
class ContainerChannelIT
{
    private static final long RECORDS = 1_000_000;

    private Path channels;

    @BeforeAll
    static void needsDocker()
    {
        final boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available)
        {
            System.out.println("ContainerChannelIT skipped: no Docker engine is reachable " +
                "(run scripts/ci/docker-up, or start Docker, to run it)");
        }
        Assumptions.assumeTrue(available, "no Docker engine is reachable");
    }

    @BeforeEach
    void sharedFolder() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        channels = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "mmipc-ct-") : Files.createTempDirectory("mmipc-ct-");
    }

    @AfterEach
    void removeSharedFolder() throws IOException
    {
        try (Stream<Path> files = Files.walk(channels))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Path channelFile(final String name)
    {
        return channels.resolve(name + ".mmipc");
    }

    @ParameterizedTest(name = "--wait {0}")
    @ValueSource(strings = {"futex", "signal"})
    void producerAndConsumerInTwoContainersPassAMillionVerifiedRecords(final String wait) throws Exception
    {
        try (DaemonContainer consumer = DaemonContainer.start("consumer", channels,
                "--channel", "ct", "--sink", "verify", "--wait", wait);
            DaemonContainer producer = DaemonContainer.start("producer", channels,
                "--channel", "ct", "--count", Long.toString(RECORDS), "--size", "64", "--wait", wait))
        {
            assertEquals(0, producer.waitFor(300), producer.logs());
            assertEquals(0, consumer.waitFor(300), consumer.logs());
            assertEquals(RECORDS, producer.records());
            assertEquals(RECORDS, consumer.records(), "the consumer verified every record");
            try (ChannelFile file = ChannelFile.open(channelFile("ct")))
            {
                final ParticipantSlot p = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER);
                final ParticipantSlot c = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER);
                assertFalse(p.sameNamespaceAs(new ProcessIdentity(0, 0, pidNamespace(c), 0)),
                    "the two daemons ran in different pid namespaces");
            }
            System.out.println("containers, --wait " + wait + ": " + producer.throughputLine());
            System.out.println("containers, --wait " + wait + ": " + consumer.throughputLine());
        }
    }

    @Test
    void dockerStopOfTheProducerMidStreamThenANewProducerContainerCompletesTheVerifiedStream() throws Exception
    {
        try (DaemonContainer consumer = DaemonContainer.start("consumer", channels, "--channel", "stop", "--sink", "verify");
            DaemonContainer first = DaemonContainer.start("producer", channels,
                "--channel", "stop", "--count", Long.toString(RECORDS), "--rate", "100000"))
        {
            awaitConsumed("stop", 20_000);
            try (ChannelFile file = ChannelFile.open(channelFile("stop")))
            {
                // Seen from this host's pid namespace, as from the consumer's: judged by heartbeat, alive.
                final ProcessIdentity host = ProcessIdentity.current();
                final ParticipantState producer = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER).effectiveState(host);
                final ParticipantState reader = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER).effectiveState(host);
                assertTrue(producer == ParticipantState.RUNNING || producer == ParticipantState.PARKED, "producer " + producer);
                assertTrue(reader == ParticipantState.RUNNING || reader == ParticipantState.PARKED, "consumer " + reader);
            }
            first.dockerStop();
            assertEquals(0, first.waitFor(60), "docker stop is a graceful stop: " + first.logs());
            assertTrue(first.logs().contains("stopped by SIGTERM"), first.logs());
            try (ChannelFile file = ChannelFile.open(channelFile("stop")))
            {
                assertEquals(ParticipantState.STOPPED, new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER).state());
            }
            assertTrue(consumer.isRunning(), "the consumer waits for the stream to go on: " + consumer.logs());
            final long before = first.records();

            try (DaemonContainer second = DaemonContainer.start("producer", channels,
                "--channel", "stop", "--count", Long.toString(RECORDS)))
            {
                assertEquals(0, second.waitFor(300), second.logs());
                assertEquals(0, consumer.waitFor(300), consumer.logs());
                assertEquals(RECORDS - before, second.records(), "the new producer continued at the next sequence");
                assertEquals(RECORDS, consumer.records(), "every record verified once, across the takeover");
                System.out.println("containers, producer stopped after " + before + " records and taken over: " +
                    consumer.throughputLine());
            }
        }
    }

    /**
     * Issue 16's split brain: a producer paused past the heartbeat timeout is judged dead and taken
     * over; when it resumes it must stop before it writes, or the consumer's verification would see
     * a duplicate (as it did: "duplicate: got sequence 180787 again").
     */
    @Test
    void aPausedProducerTakenOverAndResumedStopsWithoutCorruptingTheStream() throws Exception
    {
        try (DaemonContainer consumer = DaemonContainer.start("consumer", channels, "--channel", "pause", "--sink", "verify");
            DaemonContainer first = DaemonContainer.start("producer", channels,
                "--channel", "pause", "--count", Long.toString(RECORDS), "--rate", "100000"))
        {
            awaitConsumed("pause", 20_000);
            first.dockerPause();
            Thread.sleep(ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS + 1_500);
            try (DaemonContainer second = DaemonContainer.start("producer", channels,
                "--channel", "pause", "--count", Long.toString(RECORDS), "--rate", "200000"))
            {
                final long takenOver = System.nanoTime() + 120_000_000_000L;
                while (!second.logs().contains("recovered") && System.nanoTime() < takenOver && second.isRunning())
                {
                    Thread.sleep(20);
                }
                assertTrue(second.logs().contains("recovered"), "the second producer took the role over: " + second.logs());
                Thread.sleep(500);
                first.dockerUnpause();
                assertEquals(4, first.waitFor(60), "the resumed producer stops with exit 4: " + first.logs());
                assertTrue(first.logs().contains("lost its role"), first.logs());
                assertEquals(0, second.waitFor(300), second.logs());
                assertEquals(0, consumer.waitFor(300), "no duplicate, no gap: " + consumer.logs());
                assertEquals(RECORDS, consumer.records(), "every record verified once, across the takeover");
                System.out.println("containers: a producer paused " + (ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS + 1_500) +
                    " ms was taken over, resumed and stopped (exit 4) without writing; " + consumer.throughputLine());
            }
        }
    }

    @Test
    void liveProducerInAnotherContainerIsNotTakenForDeadAndItsRoleIsRefusedToOthers() throws Exception
    {
        try (DaemonContainer consumer = DaemonContainer.start("consumer", channels, "--channel", "alive", "--sink", "verify");
            DaemonContainer producer = DaemonContainer.start("producer", channels,
                "--channel", "alive", "--count", Long.toString(RECORDS), "--rate", "50000"))
        {
            awaitConsumed("alive", 1_000);
            // Past the heartbeat timeout: only a heartbeat keeps a peer in another pid namespace alive.
            Thread.sleep(ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS + 500);
            try (ChannelFile file = ChannelFile.open(channelFile("alive")))
            {
                final ParticipantSlot slot = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER);
                assertFalse(slot.sameNamespaceAs(ProcessIdentity.current()), "the producer is in another pid namespace");
                final ParticipantState judged = slot.effectiveState(ProcessIdentity.current());
                assertTrue(judged == ParticipantState.RUNNING || judged == ParticipantState.PARKED, "judged " + judged);
            }
            try (DaemonContainer second = DaemonContainer.start("producer", channels, "--channel", "alive");
                DaemonContainer third = DaemonContainer.start("consumer", channels, "--channel", "alive"))
            {
                assertEquals(4, second.waitFor(120), "a live producer elsewhere keeps its role: " + second.logs());
                assertEquals(4, third.waitFor(120), "a live consumer elsewhere keeps its role: " + third.logs());
            }
            assertTrue(producer.isRunning() && consumer.isRunning(), "the refused containers disturbed nothing");
            producer.dockerStop();
            assertEquals(0, producer.waitFor(60), producer.logs());
            consumer.dockerStop();
            assertEquals(0, consumer.waitFor(60), "the consumer verified all it received: " + consumer.logs());
            System.out.println("containers: a producer in another pid namespace was judged alive by heartbeat after " +
                (ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS + 500) + " ms; a second producer and consumer were refused (exit 4)");
        }
    }

    @Test
    void futexWakesAParkedConsumerAcrossContainersWhileSignalFallsBackToItsBoundedPark() throws Exception
    {
        final long futexWaits = pacedEmptyWaits("futex");
        final long signalWaits = pacedEmptyWaits("signal");
        System.out.println("containers, 200 records at 100/s: consumer empty waits futex " + futexWaits + ", signal " +
            signalWaits);
        assertTrue(futexWaits >= 100, "futex: woken for (nearly) every record, waits " + futexWaits);
        assertTrue(signalWaits < futexWaits, "a signal cannot cross pid namespaces: fewer, longer waits " + signalWaits);
    }

    /** A paced stream: each record finds the consumer parked; returns how often it waited. */
    private long pacedEmptyWaits(final String wait) throws Exception
    {
        final String channel = "paced-" + wait;
        try (DaemonContainer consumer = DaemonContainer.start("consumer", channels, "--channel", channel, "--wait", wait);
            DaemonContainer producer = DaemonContainer.start("producer", channels, "--channel", channel, "--count", "200",
                "--rate", "100", "--batch", "1", "--wait", wait))
        {
            assertEquals(0, producer.waitFor(120), producer.logs());
            assertEquals(0, consumer.waitFor(120), consumer.logs());
            assertEquals(200, consumer.records());
        }
        try (ChannelFile file = ChannelFile.open(channelFile(channel)))
        {
            return file.buffer().getLongVolatile(ChannelDescriptor.CONSUMER_COUNTERS_OFFSET + ChannelDescriptor.COUNTER_WAITS);
        }
    }

    private void awaitConsumed(final String channel, final long records) throws Exception
    {
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(channelFile(channel)))
            {
                try (ChannelFile file = ChannelFile.open(channelFile(channel)))
                {
                    if (file.buffer().getLongVolatile(ChannelDescriptor.CONSUMER_COUNTERS_OFFSET +
                        ChannelDescriptor.COUNTER_RECORDS) >= records)
                    {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("the consumer container did not receive " + records + " records in 120 s");
    }

    private static long pidNamespace(final ParticipantSlot slot)
    {
        return slot.pidNamespace();
    }
}
