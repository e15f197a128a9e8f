package io.mmipc.bridge;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A recording that enables {@code io.mmipc.BridgeRetransmits} sees one event per change of the
 * bridge's repair counters, at most one per period, read back as JDK Mission Control reads it.
 */
class RetransmitsEventTest
{
    @TempDir
    Path dir;

    @Test
    void aRecordingSeesEachChangeOfTheCountersAtMostOncePerPeriod() throws Exception
    {
        final Path jfr = dir.resolve("bridge.jfr");
        final RetransmitsMonitor monitor = new RetransmitsMonitor("send", "10.0.0.2:40123");
        final long p = RetransmitsMonitor.PERIOD_NANOS;
        try (Recording recording = new Recording())
        {
            recording.enable(RetransmitsEvent.class);
            recording.start();
            assertFalse(monitor.sample(p, 0, 0, 0, 0, 0), "nothing changed: no event");
            assertTrue(monitor.sample(2 * p, 1, 4, 3, 0, 0), "NAKs and retransmits: an event");
            assertFalse(monitor.sample(2 * p + 1, 1, 5, 7, 0, 0), "changed again within the period: none yet");
            assertTrue(monitor.sample(3 * p + 1, 1, 5, 7, 0, 2), "after the period, the change shows");
            assertFalse(monitor.sample(5 * p, 1, 5, 7, 0, 2), "no change since: no event");
            recording.stop();
            recording.dump(jfr);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(jfr).stream()
            .filter(e -> e.getEventType().getName().equals("io.mmipc.BridgeRetransmits")).toList();
        assertEquals(2, events.size(), events.toString());
        assertEquals("send", events.get(0).getString("role"));
        assertEquals("10.0.0.2:40123", events.get(0).getString("peer"));
        assertEquals(4, events.get(0).getLong("naksReceived"));
        assertEquals(3, events.get(0).getLong("retransmits"));
        assertEquals(3, events.get(0).getLong("retransmitsDelta"));
        assertEquals(7, events.get(1).getLong("retransmits"));
        assertEquals(4, events.get(1).getLong("retransmitsDelta"), "since the last event");
        assertEquals(2, events.get(1).getLong("rewinds"));
    }

    @Test
    void theEventIsOffUnlessARecordingEnablesIt()
    {
        assertFalse(new RetransmitsEvent().isEnabled());
        assertFalse(new RetransmitsMonitor("receive", "x").sample(RetransmitsMonitor.PERIOD_NANOS, 1, 1, 1, 1, 1),
            "nothing committed without a recording");
    }
}
