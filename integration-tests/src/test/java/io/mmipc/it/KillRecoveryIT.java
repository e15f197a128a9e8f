package io.mmipc.it;

import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real {@code kill -9} of either daemon at random times, each restarted at once: the output still
 * holds every sequence exactly once, in order, with valid checksums.
 *
 * <p>Soak it with {@code scripts/test -pl integration-tests -am -Dit.test=KillRecoveryIT -Dkills=500}
 * ({@code -Dkill.seed=N} replays a run).
 */
class KillRecoveryIT extends DaemonTestSupport
{
    private static final int SIZE = 64;

    @Test
    void randomKillNineOfEitherDaemonLosesAndDuplicatesNothing() throws Exception
    {
        final int kills = Integer.getInteger("kills", 30);
        // The stream must outlast the kills (about half a second each at 50,000 records/s), or a soak
        // would end the stream early and its finisher would start a new one nobody reads.
        final long records = Long.getLong("kill.records", Math.max(2_000_000L, kills * 40_000L));
        final long seed = Long.getLong("kill.seed", System.nanoTime());
        final Random random = new Random(seed);
        final Path output = work.resolve("out.bin");
        final String[] consumerArgs = {"--channel", "kill", "--sink", "file:" + output};
        final String[] producerArgs = {"--channel", "kill", "--count", Long.toString(records), "--size",
            Integer.toString(SIZE), "--rate", "50000"};
        System.out.println("kill test: seed " + seed + ", " + kills + " kills, " + records + " records");

        Script consumer = start("consumer", consumerArgs);
        Script producer = start("producer", producerArgs);
        int producerKills = 0;
        int consumerKills = 0;
        int startUpKills = 0;
        final long deadline = System.nanoTime() + 600_000_000_000L;
        while (producerKills + consumerKills < kills)
        {
            assertTrue(System.nanoTime() < deadline, "the kill phase took over 10 minutes");
            Thread.sleep(50 + random.nextInt(800)); // some land during JVM start-up, most mid-stream
            final boolean producerRunning = producer.isAlive();
            final boolean consumerRunning = consumer.isAlive();
            if (!producerRunning && !consumerRunning)
            {
                break;
            }
            final boolean hitProducer = producerRunning && (!consumerRunning || random.nextBoolean());
            final Script victim = hitProducer ? producer : consumer;
            // Only a kill of an attached daemon while records flow counts toward the total: one that
            // lands during JVM start-up proves little and is counted apart.
            final boolean midStream = attachedMidStream("kill", hitProducer ? Role.PRODUCER : Role.CONSUMER, victim);
            victim.signal("KILL");
            final int code = victim.waitFor(60);
            if (code == 0)
            {
                continue; // it had finished on its own just before
            }
            assertEquals(137, code, "killed by SIGKILL: " + victim.stderr());
            if (!midStream)
            {
                startUpKills++;
            }
            else if (hitProducer)
            {
                producerKills++;
            }
            else
            {
                consumerKills++;
            }
            if (hitProducer)
            {
                producer = start("producer", producerArgs);
            }
            else
            {
                consumer = start("consumer", consumerArgs);
            }
        }

        // Finish at full speed: stop the rate-limited producer gracefully and let a fast one complete the stream.
        if (producer.isAlive())
        {
            awaitAttached(producer); // a SIGTERM before the JVM installed its handler would exit 143
            producer.signal("TERM");
            assertEquals(0, producer.waitFor(60), producer.stderr());
        }
        else
        {
            assertEquals(0, producer.waitFor(60), producer.stderr());
        }
        assertTrue(consumer.isAlive(), "the stream ended during the kill phase; raise -Dkill.records: " +
            consumer.stderr());
        final Script finisher = start("producer", "--channel", "kill", "--count", Long.toString(records),
            "--size", Integer.toString(SIZE));
        final long finishBy = System.nanoTime() + 120_000_000_000L;
        while (finisher.isAlive() && consumer.isAlive() && System.nanoTime() < finishBy)
        {
            Thread.sleep(100);
        }
        if (finisher.isAlive() && consumer.isAlive())
        {
            // Both alive and the stream not done: print what they are doing before failing.
            System.out.println(diagnose(finisher, consumer));
        }
        // A finisher waiting for ever on a full ring is waiting correctly when its consumer is gone:
        // say what happened to the consumer first.
        assertTrue(consumer.isAlive() || consumer.waitFor(1) == 0,
            "the consumer ended before the stream did: exit " + consumer.waitFor(1) + "\n" + consumer.stderr());
        assertEquals(0, finisher.waitFor(300), finisher.stderr() + "\nconsumer alive " + consumer.isAlive() +
            ", its stderr:\n" + consumer.stderr());
        assertEquals(0, consumer.waitFor(300), consumer.stderr());

        final long delivered = GeneratedStreams.verify(output, records, SIZE);
        System.out.println("kill test: " + (producerKills + consumerKills) + " kills mid-stream (" + producerKills +
            " producer, " + consumerKills + " consumer; " + startUpKills + " more during start-up), " + delivered +
            " records delivered exactly once, in order, checksums valid");
        assertTrue(producerKills + consumerKills >= kills, "fewer kills than asked for: the run ended early");
        assertTrue(producerKills > 0 && consumerKills > 0, "both daemons were killed at least once");
    }

    /**
     * The file sink is one way to see exactly once; here the stream's own verifier sees it: a
     * consumer with {@code --sink verify} (every record the next sequence with a valid checksum, or
     * exit 1) stays up while the producer is killed mid-stream and restarted, again and again.
     */
    @Test
    void producerKilledMidStreamAgainAndAgainIsVerifiedByOneLiveVerifyingConsumer() throws Exception
    {
        final int kills = Integer.getInteger("kills.producer", 10);
        final long records = 2_000_000L;
        final long seed = Long.getLong("kill.seed", System.nanoTime());
        final Random random = new Random(seed);
        System.out.println("producer kill test: seed " + seed);
        final String[] producerArgs = {"--channel", "pk", "--count", Long.toString(records), "--size",
            Integer.toString(SIZE), "--rate", "50000"};
        final Script consumer = start("consumer", "--channel", "pk", "--sink", "verify");
        Script producer = start("producer", producerArgs);
        int midStream = 0;
        final long deadline = System.nanoTime() + 300_000_000_000L;
        while (midStream < kills)
        {
            assertTrue(System.nanoTime() < deadline, "the kill phase took over 5 minutes");
            Thread.sleep(100 + random.nextInt(500));
            assertTrue(consumer.isAlive(), "the verifying consumer stopped: " + consumer.stderr());
            final boolean counted = attachedMidStream("pk", Role.PRODUCER, producer);
            producer.signal("KILL");
            assertEquals(137, producer.waitFor(60), "killed by SIGKILL: " + producer.stderr());
            midStream += counted ? 1 : 0;
            producer = start("producer", producerArgs);
        }
        awaitAttached("pk", Role.PRODUCER, producer);
        producer.signal("TERM");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        final Script finisher = start("producer", "--channel", "pk", "--count", Long.toString(records),
            "--size", Integer.toString(SIZE));
        assertEquals(0, finisher.waitFor(300), finisher.stderr());
        assertEquals(0, consumer.waitFor(300), "verification of the whole stream: " + consumer.stderr());
        assertTrue(consumer.stderr().contains("consumed " + records + " records"), consumer.stderr());
        System.out.println("producer kill test: " + midStream + " kills mid-stream, " + records +
            " records verified in one consumer (sequence and checksum of each)");
    }

    /**
     * @return true if {@code victim} holds {@code role}'s slot and the consumer has taken records but
     *         not yet the end of the stream.
     */
    private boolean attachedMidStream(final String channel, final Role role, final Script victim) throws Exception
    {
        try (io.mmipc.core.file.ChannelFile file = io.mmipc.core.file.ChannelFile.open(channelFile(channel)))
        {
            final ParticipantSlot slot = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(role), role);
            final ParticipantState state = slot.state();
            return slot.pid() == victim.pid() && state != null && state.isLive() && consumedAtLeast(1).test(file);
        }
        catch (final Exception ex)
        {
            return false; // no file yet: start-up
        }
    }

    private void awaitAttached(final Script producer) throws Exception
    {
        awaitChannel("kill", file ->
        {
            final ParticipantSlot slot = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER);
            return !producer.isAlive() || (slot.pid() == producer.pid() && slot.state() != ParticipantState.STOPPED);
        }, 60, "the producer to attach");
    }

    private String diagnose(final Script producer, final Script consumer) throws Exception
    {
        final StringBuilder out = new StringBuilder("kill test stuck; channel state:\n");
        try (io.mmipc.core.file.ChannelFile file = io.mmipc.core.file.ChannelFile.open(channelFile("kill")))
        {
            final org.agrona.concurrent.UnsafeBuffer b = file.buffer();
            out.append("head ").append(b.getLongVolatile(io.mmipc.core.file.ChannelDescriptor.HEAD_OFFSET))
                .append(" tail ").append(b.getLongVolatile(io.mmipc.core.file.ChannelDescriptor.TAIL_OFFSET))
                .append(" FREE ").append(b.getLongVolatile(io.mmipc.core.file.ChannelDescriptor.FREE_SEMAPHORE_OFFSET))
                .append(" USED ").append(b.getLongVolatile(io.mmipc.core.file.ChannelDescriptor.USED_SEMAPHORE_OFFSET))
                .append(" request ").append(b.getLongVolatile(io.mmipc.core.file.ChannelDescriptor.RECOVERY_REQUEST_OFFSET))
                .append('\n');
            for (final Role role : Role.values())
            {
                final ParticipantSlot slot = new ParticipantSlot(b, io.mmipc.core.file.ChannelDescriptor.slotOffset(role), role);
                out.append(role.label()).append(" pid ").append(slot.pid()).append(" word 0x")
                    .append(Integer.toHexString(slot.stateWordVolatile())).append('\n');
            }
        }
        for (final Script s : new Script[] {producer, consumer})
        {
            final Process jstack = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jstack")
                .toString(), Long.toString(s.pid())).redirectErrorStream(true).start();
            // the script execs the JVM, so the script's pid is the JVM's
            out.append(new String(jstack.getInputStream().readAllBytes())).append('\n');
        }
        return out.toString();
    }
}
