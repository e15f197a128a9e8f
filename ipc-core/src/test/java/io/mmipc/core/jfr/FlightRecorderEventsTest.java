package io.mmipc.core.jfr;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;
import io.mmipc.ChannelReader;
import io.mmipc.ChannelWriter;
import io.mmipc.WaitStrategy;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A recording of a run holds mmipc's events, read back as JDK Mission Control would read them.
 */
class FlightRecorderEventsTest
{
    @TempDir
    Path dir;

    @Test
    void aRecordingSeesParksAndBackPressure() throws Exception
    {
        final Path jfr = dir.resolve("run.jfr");
        try (Recording recording = new Recording())
        {
            recording.enable(ParkEvent.class);
            recording.enable(BackPressureEvent.class);
            recording.start();
            final ChannelOptions options = ChannelOptions.builder().capacity(4096).maxMessageLength(1024)
                .waitStrategy(WaitStrategy.FUTEX).batch(1).build();
            try (Channel channel = Channel.open(dir.resolve("f.mmipc"), options))
            {
                final ChannelWriter writer = channel.writer();
                final UnsafeBuffer big = new UnsafeBuffer(new byte[1000]);
                for (int i = 0; i < 4; i++)
                {
                    writer.offer(1, big, 0, 1000);
                }
                assertEquals(ChannelWriter.TIMED_OUT, writer.write(1, big, 0, 1000, Duration.ofMillis(300)),
                    "the ring is full: the writer waits (and parks) in vain");
                final ChannelReader reader = channel.reader();
                while (reader.poll((t, s, b, o, l) -> { }, 10) > 0)
                {
                    // drain
                }
                assertFalse(reader.take((t, s, b, o, l) -> { }, Duration.ofMillis(300)), "nothing: the reader parks");
            }
            recording.stop();
            recording.dump(jfr);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        final long parks = events.stream().filter(e -> e.getEventType().getName().equals("io.mmipc.Park")).count();
        final RecordedEvent pressure = events.stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.BackPressure")).findFirst().orElseThrow();
        assertTrue(parks >= 2, "parks recorded: " + parks);
        assertFalse(pressure.getBoolean("got"), "the back-pressure ended without space");
        assertTrue(pressure.getDuration().toMillis() >= 250, "its duration is the wait: " + pressure.getDuration());
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.mmipc.Park") &&
            "USED".equals(e.getString("semaphore"))), "the reader's park on USED");
    }

    @Test
    void eventsAreOffUnlessARecordingEnablesThem()
    {
        assertFalse(new ParkEvent().isEnabled());
        assertFalse(new RecoveryEvent().isEnabled());
        assertFalse(new TakeoverEvent().isEnabled());
        assertFalse(new BackPressureEvent().isEnabled());
    }

    @Test
    void aRecordingSeesATakeoverAndItsRecovery() throws Exception
    {
        final Path jfr = dir.resolve("takeover.jfr");
        final Path file = dir.resolve("t.mmipc");
        try (Recording recording = new Recording())
        {
            recording.enable(TakeoverEvent.class);
            recording.enable(RecoveryEvent.class);
            recording.start();
            try (io.mmipc.core.file.ChannelFile channel = io.mmipc.core.file.ChannelFile.createOrOpen(file, 4096, 512,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))
            {
                final io.mmipc.core.liveness.ProcessIdentity me = io.mmipc.core.liveness.ProcessIdentity.current();
                new io.mmipc.core.liveness.ParticipantSlot(channel.buffer(),
                    io.mmipc.core.file.ChannelDescriptor.slotOffset(io.mmipc.core.liveness.Role.CONSUMER),
                    io.mmipc.core.liveness.Role.CONSUMER).claim(file,
                    new io.mmipc.core.liveness.ProcessIdentity(Integer.MAX_VALUE - 5, 1, me.pidNamespace(), 1),
                    WaitStrategy.FUTEX.code());
            }
            try (Channel channel = Channel.open(file, ChannelOptions.builder().capacity(4096).maxMessageLength(512).build()))
            {
                channel.reader(); // takes the dead consumer's role over and recovers
            }
            recording.stop();
            recording.dump(jfr);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        final RecordedEvent takeover = events.stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.Takeover")).findFirst().orElseThrow();
        assertEquals("consumer", takeover.getString("role"));
        assertEquals(Integer.MAX_VALUE - 5, takeover.getLong("previousPid"));
        final RecordedEvent recovery = events.stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.Recovery")).findFirst().orElseThrow();
        assertTrue(recovery.getString("account").startsWith("recovered "), recovery.getString("account"));
    }
}
