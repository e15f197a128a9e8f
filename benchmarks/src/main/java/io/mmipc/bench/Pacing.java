package io.mmipc.bench;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * Latency mode: the sender sends at a fixed rate and stamps each record (bytes 8-15) with the time
 * it was <em>meant</em> to be sent, so a stall delays the stamps of the records behind it too and
 * the receiver's histogram keeps them (coordinated omission corrected). {@code System.nanoTime()}
 * is CLOCK_MONOTONIC on Linux, comparable across processes.
 */
final class Pacing
{
    private final long intervalNanos;
    private final long warmup;
    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private long start;
    private long received;
    private long measuredStart;

    /**
     * @param rate  records per second, 0 for throughput mode (no pacing, no stamps).
     * @param count records in the run; the first tenth, or the first lap of the ring if that is more
     *              (at most half the run), warms up (JIT, first touch of memory) and is not timed.
     * @param lap   records in one lap of the ring.
     */
    Pacing(final long rate, final long count, final long lap)
    {
        this.intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
        this.warmup = Math.max(count / 10, Math.min(lap, count / 2));
    }

    /**
     * @return records received before timing starts.
     */
    long warmup()
    {
        return warmup;
    }

    boolean latency()
    {
        return intervalNanos > 0;
    }

    /**
     * Waits until record {@code i} is due and stamps it.
     */
    void await(final long i, final MutableDirectBuffer buffer, final int offset)
    {
        if (intervalNanos == 0)
        {
            return;
        }
        if (i == 0)
        {
            start = System.nanoTime(); // the schedule starts with the first record, not with the JVM
        }
        final long due = start + i * intervalNanos;
        long now;
        while ((now = System.nanoTime()) < due)
        {
            if (due - now > 100_000)
            {
                LockSupport.parkNanos(due - now - 50_000);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        buffer.putLong(offset + 8, due);
    }

    /**
     * Called by every receiver for every record: the first tenth warms up (JIT, page faults) and is
     * neither timed nor put into the latency histogram.
     */
    void received(final DirectBuffer buffer, final int offset)
    {
        if (received++ < warmup)
        {
            return;
        }
        if (received == warmup + 1)
        {
            measuredStart = System.nanoTime();
        }
        if (intervalNanos > 0)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - buffer.getLong(offset + 8)));
        }
    }

    /**
     * @return "records-timed nanos" from the first record after the warm-up to now.
     */
    String timed()
    {
        return (received - warmup) + " " + (System.nanoTime() - measuredStart);
    }

    /**
     * @return the sender's line for the bench: "SENT records first-stamp interval-nanos" (stamp and
     *         interval 0 in throughput mode), from which the receiver's checksum is checked.
     */
    String sent(final long records)
    {
        return "SENT " + records + " " + (intervalNanos > 0 ? start : 0) + " " + intervalNanos;
    }

    /**
     * @return "LATENCY p50 p99 p99.9 max" in nanoseconds.
     */
    String report()
    {
        return "LATENCY " + histogram.getValueAtPercentile(50) + " " + histogram.getValueAtPercentile(99) + " " +
            histogram.getValueAtPercentile(99.9) + " " + histogram.getMaxValue();
    }
}
