package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import org.agrona.concurrent.UnsafeBuffer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Where a slow-consumer episode starts and ends: a lag over 3/4 of the producer's window starts one,
 * under half ends it (caught up), the producer stopping ends it too (not caught up), and a lag
 * between the two marks neither starts nor ends one.
 */
class SlowConsumerWatchTest
{
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;

    @Test
    void anEpisodeStartsOverThreeQuartersOfTheRingAndEndsUnderHalf() throws Exception
    {
        final List<RecordedEvent> events = record(CAPACITY, (watch, file) ->
        {
            watch.sample(0, 0, 0, 0);                                 // empty
            watch.sample(CAPACITY * 3 / 4, 0, 0, 0);                  // exactly 3/4 behind: not over it
            watch.sample(CAPACITY * 3 / 4 + 8, 10, 10, 0);            // over 3/4: starts
            consumer(file, 512, 4);
            watch.sample(512 + CAPACITY * 7 / 8, 30, 30, 2);          // 7/8: the most, 26 records unread
            watch.sample(512 + CAPACITY / 2, 40, 40, 2);              // exactly half: still on
            watch.sample(512 + CAPACITY / 2 - 8, 50, 50, 3);          // under half: ends, caught up
            watch.sample(512 + CAPACITY / 2 + 8, 60, 60, 3);          // over half but not 3/4: nothing starts
            watch.sample(512 + CAPACITY * 7 / 8, 70, 70, 3);          // starts again
            watch.stop(75, 4);                                        // the producer stops: ends, not caught up
            watch.stop(80, 4);                                        // nothing open: nothing more
        });
        assertEquals(2, events.size(), events.toString());
        final RecordedEvent first = events.get(0);
        assertTrue(first.getBoolean("caughtUp"));
        assertEquals(CAPACITY * 7 / 8, first.getLong("maxLagBytes"));
        assertEquals(26, first.getLong("maxLagRecords"));
        assertEquals(40, first.getLong("recordsWritten"));
        assertEquals(3, first.getLong("producerWaits"));
        assertEquals(CAPACITY, first.getLong("capacity"));
        assertEquals(CAPACITY, first.getLong("window"));
        assertEquals(ProcessHandle.current().pid(), first.getLong("consumerPid"));
        final RecordedEvent second = events.get(1);
        assertFalse(second.getBoolean("caughtUp"));
        assertEquals(CAPACITY * 7 / 8, second.getLong("maxLagBytes"));
        assertEquals(66, second.getLong("maxLagRecords"));
        assertEquals(5, second.getLong("recordsWritten"));
        assertEquals(1, second.getLong("producerWaits"));
    }

    @Test
    void theLagIsMeasuredAgainstTheWindowWhenTheRingIsLarger() throws Exception
    {
        final int window = CAPACITY / 4;
        final List<RecordedEvent> events = record(window, (watch, file) ->
        {
            watch.sample(window * 3 / 4, 1, 1, 0);        // 3/16 of the ring, exactly 3/4 of the window
            watch.sample(window * 3 / 4 + 8, 2, 2, 0);    // over 3/4 of the window: starts
            watch.sample(window * 2, 3, 3, 0);            // the producer went on into the ring (a stall)
            watch.sample(window / 2 - 8, 4, 4, 0);        // back within half the window: ends
        });
        assertEquals(1, events.size(), events.toString());
        assertEquals(window * 2, events.getFirst().getLong("maxLagBytes"));
        assertEquals(window, events.getFirst().getLong("window"));
        assertTrue(events.getFirst().getBoolean("caughtUp"));
    }

    @Test
    void aConsumerThatHoldsTheProducerAtTheWindowsEdgeIsSlowThoughTheProducerNeverWaits() throws Exception
    {
        final int capacity = 64 << 10;
        final int window = 16 << 10;
        final int payload = 1008; // a 1024-byte record
        final Path jfr = dir.resolve("edge.jfr");
        try (Recording recording = new Recording();
             ChannelFile file = ChannelFile.createOrOpen(dir.resolve("edge.mmipc"), capacity, 2048,
                 PosixFilePermissions.fromString("rw-------")))
        {
            recording.enable("io.mmipc.SlowConsumer").withThreshold(Duration.ZERO);
            recording.enable("io.mmipc.BackPressure");
            recording.start();
            final StopFlag stop = new StopFlag();
            final UnsafeBuffer buffer = file.buffer();
            final RingProducer producer = new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop),
                new Waker(new ParticipantSlot(buffer, slotOffset(Role.CONSUMER), Role.CONSUMER), ProcessIdentity.current()),
                TestSafePoints.none(), PRODUCER_COUNTERS_OFFSET, 4, window);
            final RingConsumer consumer = new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
                new Waker(new ParticipantSlot(buffer, slotOffset(Role.PRODUCER), Role.PRODUCER), ProcessIdentity.current()),
                TestSafePoints.none(), CONSUMER_COUNTERS_OFFSET);
            final byte[] bytes = new byte[payload];
            for (int i = 0; i < window / 1024; i++)
            {
                producer.write(bytes, 0, payload); // a window ahead
            }
            producer.flush();
            for (int lap = 0; lap < 8; lap++)
            {
                assertEquals(2, consumer.poll((t, q, b, o, l) -> { }, 2), "the consumer moves, two records a lap");
                producer.write(bytes, 0, payload); // takes the two records' space: 14 KiB behind
                producer.write(bytes, 0, payload);
                producer.flush();
            }
            while (consumer.poll((t, q, b, o, l) -> { }, 100) > 0)
            {
                // and catches up
            }
            producer.write(bytes, 0, payload); // a take that sees it caught up
            producer.close();
            recording.stop();
            recording.dump(jfr);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        final List<RecordedEvent> slow = events.stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.SlowConsumer")).toList();
        assertEquals(1, slow.size(), slow.toString());
        final RecordedEvent episode = slow.getFirst();
        assertEquals(window - 2048, episode.getLong("maxLagBytes"), "a window less the two records given back");
        assertEquals(window, episode.getLong("window"));
        assertEquals(capacity, episode.getLong("capacity"));
        assertEquals(0, episode.getLong("producerWaits"), "the producer never waited for a full ring");
        assertEquals(16, episode.getLong("recordsWritten"));
        assertTrue(episode.getBoolean("caughtUp"));
        assertTrue(events.stream().noneMatch(e -> e.getEventType().getName().equals("io.mmipc.BackPressure")),
            "and no BackPressure event says anything");
    }

    /** The consumer's published head and next expected sequence, as RingConsumer publishes them. */
    private static void consumer(final ChannelFile file, final long head, final long nextSequence)
    {
        file.buffer().putLongVolatile(HEAD_OFFSET, head);
        file.buffer().putLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET, nextSequence);
    }

    private interface Script
    {
        void run(SlowConsumerWatch watch, ChannelFile file) throws Exception;
    }

    private List<RecordedEvent> record(final int window, final Script script) throws Exception
    {
        final Path jfr = dir.resolve("watch.jfr");
        try (Recording recording = new Recording();
             ChannelFile file = ChannelFile.createOrOpen(dir.resolve("w.mmipc"), CAPACITY, 512,
                 PosixFilePermissions.fromString("rw-------")))
        {
            recording.enable("io.mmipc.SlowConsumer").withThreshold(Duration.ZERO);
            recording.start();
            file.buffer().putLongVolatile(CONSUMER_SLOT_OFFSET + ParticipantSlot.PID_OFFSET, ProcessHandle.current().pid());
            script.run(new SlowConsumerWatch(file, window), file);
            recording.stop();
            recording.dump(jfr);
        }
        return RecordingFile.readAllEvents(jfr).stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.SlowConsumer")).toList();
    }
}
