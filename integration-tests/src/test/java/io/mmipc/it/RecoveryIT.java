package io.mmipc.it;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static io.mmipc.core.file.ChannelDescriptor.slotOffset;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery in the combinations the random kill test rarely produces, with real JVMs and real
 * {@code kill -9}: a consumer restarted while the producer is blocked on a quiet stdin; both daemons
 * killed at once and restarted at once; and a crash at every shared store of the producer, the
 * consumer and the recovery itself ({@link CrashPoints}), each followed by exactly-once delivery.
 */
class RecoveryIT extends DaemonTestSupport
{
    private static final int SIZE = 64;

    private Script crashing(final String scope, final long at, final String script, final String... args) throws IOException
    {
        return track(Script.startWithEnv(work, channels(), Map.of("MMIPC_JAVA_OPTS",
            "-D" + CrashPoints.PROPERTY + "=" + scope + ":" + at), script, args));
    }

    private void awaitRole(final String channel, final Role role, final Script owner, final String what) throws Exception
    {
        awaitChannel(channel, file ->
        {
            final ParticipantSlot slot = new ParticipantSlot(file.buffer(), slotOffset(role), role);
            return !owner.isAlive() || (slot.pid() == owner.pid() && slot.state().isLive());
        }, 60, what);
    }

    @Test
    void aConsumerRestartedWhileTheProducersStdinIsQuietRecoversAtOnceAndLosesNothing() throws Exception
    {
        final Path fifo = work.resolve("in.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final Path output = work.resolve("out.bin");
        final Script producer = track(Script.startUnder(work, channels(), "exec \"$@\" < '" + fifo + "'",
            "producer", "--channel", "logs", "--source", "stdin"));
        final Random random = new Random(42);
        final byte[] first = new byte[200_000];
        final byte[] second = new byte[100_000];
        random.nextBytes(first);
        random.nextBytes(second);
        try (OutputStream writer = new FileOutputStream(fifo.toFile()))
        {
            Script consumer = start("consumer", "--channel", "logs", "--sink", "file:" + output);
            writer.write(first);
            writer.flush();
            awaitSize(output, first.length, 60);
            consumer.signal("KILL");
            assertEquals(137, consumer.waitFor(60));
            Thread.sleep(ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS + 1_000); // quiet for longer than any timeout
            final long restart = System.nanoTime();
            consumer = start("consumer", "--channel", "logs", "--sink", "file:" + output);
            awaitRole("logs", Role.CONSUMER, consumer, "the new consumer to attach");
            awaitChannel("logs", file -> file.buffer().getLongVolatile(io.mmipc.core.file.ChannelDescriptor.RECOVERY_REQUEST_OFFSET) == 0,
                60, "the recovery to finish");
            final long seconds = (System.nanoTime() - restart) / 1_000_000_000L;
            assertTrue(consumer.isAlive(), "the new consumer runs: " + consumer.stderr());
            assertTrue(seconds < 20, "recovered without waiting for the blocked producer: " + seconds + " s");
            Thread.sleep(1_000);
            assertTrue(producer.isAlive() && consumer.isAlive(), "both still run while stdin is quiet");
            writer.write(second);
            writer.flush();
            writer.close();
            assertEquals(0, producer.waitFor(60), producer.stderr());
            assertEquals(0, consumer.waitFor(60), consumer.stderr());
            assertTrue(consumer.stderr().contains("recovered"), "the consumer said what recovery did: " + consumer.stderr());
        }
        final byte[] got = Files.readAllBytes(output);
        final byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertArrayEquals(expected, got, "every byte of stdin exactly once, in order");
    }

    private static void awaitSize(final Path file, final long size, final long seconds) throws Exception
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(file) && Files.size(file) >= size)
            {
                return;
            }
            Thread.sleep(10);
        }
        fail("timed out after " + seconds + " s waiting for " + file + " to reach " + size + " bytes");
    }

    @Test
    void bothDaemonsKilledTogetherAndRestartedTogetherLoseAndDuplicateNothing() throws Exception
    {
        final long records = 400_000;
        final Path output = work.resolve("both.bin");
        final String[] consumerArgs = {"--channel", "both", "--sink", "file:" + output};
        final String[] producerArgs = {"--channel", "both", "--count", Long.toString(records), "--size",
            Integer.toString(SIZE), "--rate", "50000"};
        final long seed = Long.getLong("kill.seed", System.nanoTime());
        final Random random = new Random(seed);
        System.out.println("both-killed test: seed " + seed);
        Script consumer = start("consumer", consumerArgs);
        Script producer = start("producer", producerArgs);
        int rounds = 0;
        for (; rounds < 5 && producer.isAlive(); rounds++)
        {
            Thread.sleep(600 + random.nextInt(600));
            producer.signal("KILL");
            consumer.signal("KILL");
            producer.waitFor(60);
            consumer.waitFor(60);
            consumer = start("consumer", consumerArgs);
            producer = start("producer", producerArgs);
        }
        awaitRole("both", Role.PRODUCER, producer, "the last producer to attach");
        if (producer.isAlive())
        {
            producer.signal("TERM");
        }
        assertEquals(0, producer.waitFor(60), producer.stderr());
        final Script finisher = start("producer", "--channel", "both", "--count", Long.toString(records),
            "--size", Integer.toString(SIZE));
        assertEquals(0, finisher.waitFor(300), finisher.stderr());
        assertEquals(0, consumer.waitFor(300), consumer.stderr());
        final long delivered = GeneratedStreams.verify(output, records, SIZE);
        System.out.println("both-killed test: " + rounds + " rounds of kill -9 of both daemons at once, " + delivered +
            " records delivered exactly once, in order, checksums valid");
        assertTrue(rounds >= 3, "the stream ended before three rounds");
    }

    @Test
    void aCrashAtEveryStoreOfProducerConsumerAndRecoveryLosesAndDuplicatesNothing() throws Exception
    {
        final StringBuilder summary = new StringBuilder();
        for (final String scope : new String[] {CrashPoints.PRODUCER, CrashPoints.CONSUMER, CrashPoints.RECOVERY})
        {
            int points = 0;
            for (long at = 1; ; at++)
            {
                assertTrue(at < 400, scope + ": more crash points than expected");
                if (!walk(scope, at, "walk-" + scope + "-" + at))
                {
                    break;
                }
                points++;
            }
            assertTrue(points > 0, scope + ": no crash point was reached");
            summary.append(summary.isEmpty() ? "" : ", ").append(points).append(' ').append(scope);
        }
        System.out.println("crash points: " + summary + " stores each crashed at, then recovered: every record exactly once, in order");
    }

    /**
     * One run of 24 records with the crash armed at the scope's N-th store.
     *
     * @return true if the crash point was reached (the JVM halted there), false if the run ended first.
     */
    private boolean walk(final String scope, final long at, final String channel) throws Exception
    {
        final int records = 24;
        final Path output = work.resolve(channel + ".bin");
        final String[] consumerArgs = {"--channel", channel, "--sink", "file:" + output, "--capacity", "4096"};
        final String[] producerArgs = {"--channel", channel, "--count", Integer.toString(records), "--size",
            Integer.toString(SIZE), "--batch", "4", "--capacity", "4096"};
        boolean crashed;
        if (CrashPoints.RECOVERY.equals(scope))
        {
            // A consumer that dies mid-stream leaves a recovery to do; the next consumer crashes in it. The
            // producer is paced (24 records over 1.2 s) so that the kill lands mid-stream even on a loaded
            // machine: a first consumer that had already read the end of the stream would leave no recovery
            // to crash in, and the walk would wrongly end at its first point.
            final String[] pacedProducerArgs = java.util.stream.Stream.concat(java.util.Arrays.stream(producerArgs),
                java.util.stream.Stream.of("--rate", "20")).toArray(String[]::new);
            final Script first = start("consumer", consumerArgs);
            final Script producer = start("producer", pacedProducerArgs);
            awaitRole(channel, Role.CONSUMER, first, "the first consumer");
            awaitChannel(channel, consumedAtLeast(1), 60, "a first record consumed");
            first.signal("KILL");
            final int firstCode = first.waitFor(60);
            assertEquals(137, firstCode, "the first consumer was to be killed mid-stream, yet it exited " + firstCode
                + ": " + first.stderr());
            final Script victim = crashing(scope, at, "consumer", consumerArgs);
            final int code = victim.waitFor(60);
            crashed = code == CrashPoints.EXIT_CODE;
            assertTrue(crashed || code == 0, "exit " + code + ": " + victim.stderr());
            final Script last = crashed ? start("consumer", consumerArgs) : victim;
            assertEquals(0, producer.waitFor(60), producer.stderr());
            assertEquals(0, last.waitFor(60), last.stderr());
        }
        else
        {
            final boolean producerCrashes = CrashPoints.PRODUCER.equals(scope);
            final Script consumer = producerCrashes ? start("consumer", consumerArgs) : crashing(scope, at, "consumer", consumerArgs);
            final Script producer = producerCrashes ? crashing(scope, at, "producer", producerArgs) : start("producer", producerArgs);
            final Script victim = producerCrashes ? producer : consumer;
            final int code = victim.waitFor(60);
            crashed = code == CrashPoints.EXIT_CODE;
            assertTrue(crashed || code == 0, scope + ":" + at + " exit " + code + ": " + victim.stderr());
            if (crashed)
            {
                final Script again = start(producerCrashes ? "producer" : "consumer", producerCrashes ? producerArgs : consumerArgs);
                assertEquals(0, again.waitFor(60), scope + ":" + at + " after the crash: " + again.stderr());
            }
            assertEquals(0, (producerCrashes ? consumer : producer).waitFor(60), scope + ":" + at);
        }
        assertEquals(records, GeneratedStreams.verify(output, records, SIZE), scope + ":" + at);
        return crashed;
    }
}
