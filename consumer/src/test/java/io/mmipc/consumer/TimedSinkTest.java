package io.mmipc.consumer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static io.mmipc.consumer.Records.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The consumer's throughput line is timed from its first record, not from the end of its first
 * batch (a stream that came in one batch printed "in 0.000 s").
 */
class TimedSinkTest
{
    @Test
    void clockStartsAtTheFirstDataRecordNotAtTheEndOfTheBatch() throws Exception
    {
        final TimedSink sink = new TimedSink(new DiscardSink());
        final long before = System.nanoTime();
        data(sink, 0, text("first"));
        Thread.sleep(20); // the rest of the (one) batch
        data(sink, 1, text("second"));
        final long end = System.nanoTime();
        final long elapsed = sink.elapsedNanos(end);
        assertTrue(elapsed >= 20_000_000L, "timed from the first record: " + elapsed + " ns");
        assertTrue(elapsed <= end - before, "not from before the first record: " + elapsed);
    }

    @Test
    void noRecordMeansNoTimeAndEndOfStreamAloneDoesNotStartTheClock() throws Exception
    {
        final TimedSink sink = new TimedSink(new DiscardSink());
        assertEquals(0, sink.elapsedNanos(System.nanoTime()));
        endOfStream(sink, 0);
        assertEquals(0, sink.elapsedNanos(System.nanoTime()));
        final long first = System.nanoTime();
        Thread.sleep(5);
        data(sink, 0, text("x"));
        final long elapsed = sink.elapsedNanos(System.nanoTime());
        assertTrue(elapsed > 0 && elapsed < System.nanoTime() - first, "from the DATA record: " + elapsed);
    }

    @Test
    void laterRecordsDoNotRestartTheClock() throws Exception
    {
        final TimedSink sink = new TimedSink(new DiscardSink());
        data(sink, 0, text("a"));
        Thread.sleep(10);
        data(sink, 1, text("b"));
        assertTrue(sink.elapsedNanos(System.nanoTime()) >= 10_000_000L);
    }

    @Test
    void passesEverythingThrough()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long[] released = {-1};
        final StreamSink inner = new StreamSink(16, out)
        {
            @Override
            public void beforeRelease(final long nextSequence)
            {
                released[0] = nextSequence;
            }
        };
        final TimedSink sink = new TimedSink(inner);
        data(sink, 0, text("abc"));
        assertEquals(3, sink.bytes());
        sink.beforeRelease(1);
        assertEquals(1, released[0]);
        sink.flush();
        assertEquals("abc", out.toString());
        data(sink, 1, text("d"));
        sink.close();
        assertEquals("abcd", out.toString(), "close flushes the inner sink");
    }
}
