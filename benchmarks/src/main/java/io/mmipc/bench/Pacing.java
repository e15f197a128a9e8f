package io.mmipc.bench;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * When a run's records are sent and which of them are timed, the same on every transport.
 * <p>
 * <b>Throughput, timed runs</b> ({@code runNanos > 0}): the sender sends for {@code runNanos} from
 * its first record (and at least three laps of the ring), then ends the stream; the receiver warms
 * up for the first tenth of that time (and at least one lap: JIT, first touch of memory) and times
 * the rest. So every transport, in every round, is timed over the same clock window.
 * <p>
 * <b>Fixed counts</b> ({@code runNanos == 0}: latency mode, {@code --count}): the first tenth of
 * the records, or the first lap if that is more (at most half the run), warms up.
 * <p>
 * <b>Latency</b> ({@code rate > 0}): the sender sends at a fixed rate and stamps each record
 * (bytes 8-15) with the time it was <em>meant</em> to be sent, so a stall delays the stamps of the
 * records behind it too and the receiver's histogram keeps them (coordinated omission corrected).
 * {@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, comparable across processes.
 */
final class Pacing
{
    /** The sender reads the clock once every this many records (a mask): the check costs nothing per record. */
    private static final long CLOCK_EVERY = 1023;

    private final long intervalNanos;
    private final long runNanos;
    private final long lap;
    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private long warmup;
    private long start;
    private long sendStart;
    private long stampAdjust;
    private long received;
    private long firstReceived;
    private long measuredStart;
    /**
     * A timed run whose count is bounded (Chronicle's journal, sized to its file) also ends its
     * warm-up at a tenth of the count: a fast journal may send all of it before a tenth of the time.
     */
    private final long warmupByCount;

    /**
     * @param rate     records per second, 0 for throughput mode (no pacing, no stamps).
     * @param count    records in the run (at most, with {@code runNanos}).
     * @param lap      records in one lap of the ring.
     * @param runNanos how long the sender sends, 0 to send all {@code count} records.
     */
    Pacing(final long rate, final long count, final long lap, final long runNanos)
    {
        this.intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
        this.runNanos = runNanos;
        this.lap = lap;
        this.warmup = runNanos > 0 ? Long.MAX_VALUE : Math.max(count / 10, Math.min(lap, count / 2));
        this.warmupByCount = count < RunSizer.UNBOUNDED ? Math.max(256, count / 10) : Long.MAX_VALUE;
    }

    /**
     * A fixed-count run.
     */
    Pacing(final long rate, final long count, final long lap)
    {
        this(rate, count, lap, 0);
    }

    /**
     * @return records received before timing starts (fixed counts), or {@code Long.MAX_VALUE} until the
     *         warm-up of a timed run ends.
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
     * @return the fewest records a timed run sends: three laps of the ring (one warms up), and 10,000.
     */
    long minimum()
    {
        return Math.max(3 * lap, 10_000);
    }

    /**
     * The sender asks before record {@code i}.
     *
     * @return false once a timed run's time is up (and it has sent its minimum).
     */
    boolean more(final long i)
    {
        if ((i & CLOCK_EVERY) != 0 || runNanos == 0)
        {
            return true;
        }
        if (i == 0)
        {
            sendStart = System.nanoTime();
            return true;
        }
        return i < minimum() || System.nanoTime() - sendStart < runNanos;
    }

    /**
     * Restarts a timed run's clock: for a sender that had to write its first record before its
     * receiver could be ready (a journal's file exists only once written).
     */
    void startClock()
    {
        sendStart = System.nanoTime();
        if (intervalNanos > 0)
        {
            // the schedule restarts too, record 1 due now, so the wait is not counted as latency;
            // record 0 keeps its stamp, which the SENT line accounts for (a run's stamps sum to
            // n * start + interval * (0 + 1 + ... + n-1) + adjust)
            final long restarted = sendStart - intervalNanos;
            stampAdjust += start - restarted;
            start = restarted;
        }
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
     * Called by every receiver for every record: the warm-up is neither timed nor put into the
     * latency histogram.
     */
    void received(final DirectBuffer buffer, final int offset)
    {
        if (received++ < warmup)
        {
            if (runNanos > 0)
            {
                warmUpByTime();
            }
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
     * A timed run's warm-up ends at the first check (every 256 records) after a tenth of the run's
     * time (or of a bounded count) and at least one lap: the next record is the first one timed.
     */
    private void warmUpByTime()
    {
        if (received == 1)
        {
            firstReceived = System.nanoTime();
        }
        else if ((received & 255) == 0 && received >= lap &&
            (System.nanoTime() - firstReceived >= runNanos / 10 || received >= warmupByCount))
        {
            warmup = received;
        }
    }

    /**
     * @return "records-timed nanos" from the first record after the warm-up to now ("0 0" if the
     *         warm-up never ended: the bench fails such a run).
     */
    String timed()
    {
        return received <= warmup ? "0 0" : (received - warmup) + " " + (System.nanoTime() - measuredStart);
    }

    /**
     * @return the sender's line for the bench: "SENT records start interval-nanos adjust", record
     *         i's stamp being start + i * interval except for what adjust sums up (stamps 0 in
     *         throughput mode), from which the receiver's checksum is checked.
     */
    String sent(final long records)
    {
        return "SENT " + records + " " + (intervalNanos > 0 ? start : 0) + " " + intervalNanos + " " + stampAdjust;
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
