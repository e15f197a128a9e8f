package io.mmipc.bench;

import java.util.List;
import java.util.Map;

/**
 * How many records each run sends, so that every transport is timed for about the same time: the
 * first round sends a fixed number of bytes ({@value #FIRST_ROUND_BYTES} bytes of records, an
 * eighth with {@code --quick}), and each later round sizes a transport's run from its median rate
 * so far so that the timed part lasts {@link #seconds}. Every run covers at least three laps of its
 * ring (the first one warms up untimed, see {@link Pacing}), and Chronicle's journal, which keeps
 * every record, stays within {@link ChroniclePeer#MAX_JOURNAL}.
 */
final class RunSizer
{
    /** Bytes of records in a first-round run: 1.6 GB (shorter runs timed start-up rather than the transport). */
    static final long FIRST_ROUND_BYTES = 1_600_000_000L;
    /** Timed seconds per run in later rounds. */
    static final double SECONDS = 2.0;
    /** Timed seconds per run in later rounds with {@code --quick}. */
    static final double QUICK_SECONDS = 0.5;

    private final boolean quick;
    private final double seconds;
    private final Map<String, List<Double>> rates;

    /**
     * @param quick the shorter runs of {@code --quick}.
     * @param rates msg/s measured so far, keyed {@code transport@size}.
     */
    RunSizer(final boolean quick, final Map<String, List<Double>> rates)
    {
        this.quick = quick;
        this.seconds = quick ? QUICK_SECONDS : SECONDS;
        this.rates = rates;
    }

    double seconds()
    {
        return seconds;
    }

    /**
     * @param transport the transport's name as in the table.
     * @param size      record bytes.
     * @param ring      the transport's ring bytes.
     * @return records to send.
     */
    long count(final String transport, final int size, final int ring)
    {
        final long lap = new Workload(size, 0, ring, 0).lap();
        final List<Double> measured = rates.get(transport + "@" + size);
        long count;
        if (measured == null || measured.isEmpty())
        {
            final long bytes = FIRST_ROUND_BYTES / (size + 16);
            count = quick ? bytes / 8 : bytes;
        }
        else
        {
            // the timed part is what follows the warm-up tenth
            count = (long)(Stats.median(measured) * seconds / 0.9);
        }
        count = Math.max(count, 3 * lap);
        if ("chronicle".equals(BenchMain.baseName(transport)))
        {
            while (ChroniclePeer.journalBytes(count, size) > ChroniclePeer.MAX_JOURNAL)
            {
                count = count * 3 / 4;
            }
        }
        return Math.max(count, 10);
    }
}
