package io.mmipc.it;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.junit.jupiter.api.Assertions.*;

/**
 * SIGTERM while a daemon is parked, the producer on a full ring and the consumer on an empty one,
 * with every wait strategy: it exits 0 promptly, marked STOPPED, and nothing is lost.
 */
class GracefulStopIT extends DaemonTestSupport
{
    /** The issue asks for under a second; the bound leaves room for a loaded 2-core CI machine. */
    private static final long PROMPT_MILLIS = 2_000;

    private void awaitParked(final String channel, final Role role) throws Exception
    {
        awaitChannel(channel, state(role, ParticipantState.PARKED), 60, role.label() + " to park");
    }

    private long stopAndTime(final Script daemon) throws Exception
    {
        final long start = System.nanoTime();
        daemon.signal("TERM");
        assertEquals(0, daemon.waitFor(30), daemon.stderr());
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest(name = "--wait {0}")
    @ValueSource(strings = {"futex", "signal", "backoff", "spin"})
    void sigtermDuringAFullRingAndAnEmptyRingParkExitsZeroPromptly(final String wait) throws Exception
    {
        final String channel = "stop-" + wait;
        final Script producer = start("producer", "--channel", channel, "--count", "1000000", "--capacity", "64k",
            "--wait", wait);
        if (!"spin".equals(wait) && !"backoff".equals(wait))
        {
            awaitParked(channel, Role.PRODUCER);
        }
        // Spinning strategies never mark themselves PARKED: attached, and the ring full, is the proof
        // for every strategy that it is waiting for room. Full: under 160 bytes free, less than one
        // 80-byte record plus the padding to the ring's end that may have to go before it (the
        // producer publishes its tail before it waits).
        awaitAttached(channel, Role.PRODUCER, producer);
        awaitChannel(channel, file -> file.buffer().getLongVolatile(ChannelDescriptor.TAIL_OFFSET) -
            file.buffer().getLongVolatile(ChannelDescriptor.HEAD_OFFSET) > file.capacity() - 160, 60, "a full ring");
        final long producerMillis = stopAndTime(producer);
        assertEquals(ParticipantState.STOPPED, stateOf(channel, Role.PRODUCER));
        final long written = producer.records();

        final Script consumer = start("consumer", "--channel", channel, "--sink", "verify", "--wait", wait);
        if (!"spin".equals(wait) && !"backoff".equals(wait))
        {
            awaitParked(channel, Role.CONSUMER);
        }
        // The consumer has taken every record and the ring is empty: it waits for more.
        awaitAttached(channel, Role.CONSUMER, consumer);
        awaitChannel(channel, consumedAtLeast(written).and(file -> file.buffer().getLongVolatile(ChannelDescriptor.HEAD_OFFSET) ==
            file.buffer().getLongVolatile(ChannelDescriptor.TAIL_OFFSET)), 60, "an empty ring");
        final long consumerMillis = stopAndTime(consumer);
        assertEquals(ParticipantState.STOPPED, stateOf(channel, Role.CONSUMER));
        assertEquals(written, consumer.records(), "the consumer got every record the stopped producer wrote");

        System.out.println("--wait " + wait + ": SIGTERM to exit, producer on a full ring " + producerMillis +
            " ms, consumer on an empty ring " + consumerMillis + " ms");
        assertTrue(producerMillis < PROMPT_MILLIS && consumerMillis < PROMPT_MILLIS,
            "prompt exit: " + producerMillis + " / " + consumerMillis + " ms");
    }
}
