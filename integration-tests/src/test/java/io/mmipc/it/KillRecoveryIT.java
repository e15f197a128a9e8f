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
            victim.signal("KILL");
            final int code = victim.waitFor(60);
            if (code == 0)
            {
                continue; // it had finished on its own just before
            }
            assertEquals(137, code, "killed by SIGKILL: " + victim.stderr());
            if (hitProducer)
            {
                producerKills++;
                producer = start("producer", producerArgs);
            }
            else
            {
                consumerKills++;
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
        System.out.println("kill test: " + (producerKills + consumerKills) + " kills (" + producerKills + " producer, " +
            consumerKills + " consumer), " + delivered + " records delivered exactly once, in order, checksums valid");
        assertTrue(producerKills + consumerKills >= kills, "fewer kills than asked for: the run ended early");
        assertTrue(producerKills > 0 && consumerKills > 0, "both daemons were killed at least once");
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
