package io.mmipc.core.ring;

import io.mmipc.core.file.ChannelFile;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static io.mmipc.core.file.ChannelDescriptor.CONSUMER_NEXT_SEQUENCE_OFFSET;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Where a slow-consumer episode starts and ends: over 3/4 full starts one, under half full ends it
 * (caught up), the producer stopping ends it too (not caught up), and a fill between the two marks
 * neither starts nor ends one.
 */
class SlowConsumerWatchTest
{
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;

    @Test
    void anEpisodeStartsOverThreeQuartersFullAndEndsUnderHalf() throws Exception
    {
        final List<RecordedEvent> events = record((watch, file) ->
        {
            watch.sample(CAPACITY, 0, 0, 0);              // empty
            watch.sample(CAPACITY / 4, 0, 0, 0);          // exactly 3/4 full: not over it
            watch.sample(CAPACITY / 4 - 8, 10, 10, 0);    // over 3/4: starts
            file.buffer().putLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET, 4);
            watch.sample(CAPACITY / 8, 30, 30, 2);        // 7/8: the most, 26 records unread
            watch.sample(CAPACITY / 2, 40, 40, 2);        // exactly half: still on
            watch.sample(CAPACITY / 2 + 8, 50, 50, 3);    // under half: ends, caught up
            watch.sample(CAPACITY / 2 - 8, 60, 60, 3);    // over half but not 3/4: nothing starts
            watch.sample(CAPACITY / 8, 70, 70, 3);        // starts again
            watch.stop(75, 4);                            // the producer stops: ends, not caught up
            watch.stop(80, 4);                            // nothing open: nothing more
        });
        assertEquals(2, events.size(), events.toString());
        final RecordedEvent first = events.get(0);
        assertTrue(first.getBoolean("caughtUp"));
        assertEquals(CAPACITY - CAPACITY / 8, first.getLong("maxLagBytes"));
        assertEquals(26, first.getLong("maxLagRecords"));
        assertEquals(40, first.getLong("recordsWritten"));
        assertEquals(3, first.getLong("producerWaits"));
        assertEquals(CAPACITY, first.getLong("capacity"));
        final RecordedEvent second = events.get(1);
        assertFalse(second.getBoolean("caughtUp"));
        assertEquals(CAPACITY - CAPACITY / 8, second.getLong("maxLagBytes"));
        assertEquals(66, second.getLong("maxLagRecords"));
        assertEquals(5, second.getLong("recordsWritten"));
        assertEquals(1, second.getLong("producerWaits"));
    }

    private interface Script
    {
        void run(SlowConsumerWatch watch, ChannelFile file) throws Exception;
    }

    private List<RecordedEvent> record(final Script script) throws Exception
    {
        final Path jfr = dir.resolve("watch.jfr");
        try (Recording recording = new Recording();
             ChannelFile file = ChannelFile.createOrOpen(dir.resolve("w.mmipc"), CAPACITY, 512,
                 PosixFilePermissions.fromString("rw-------")))
        {
            recording.enable("io.mmipc.SlowConsumer").withThreshold(Duration.ZERO);
            recording.start();
            script.run(new SlowConsumerWatch(file), file);
            recording.stop();
            recording.dump(jfr);
        }
        return RecordingFile.readAllEvents(jfr).stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.SlowConsumer")).toList();
    }
}
