package io.mmipc.bench;

import java.util.List;
import java.util.Map;

/**
 * How long each run sends, so that every transport, in every round, is timed over the same clock
 * window: the sender sends for {@link #seconds} (and at least three laps of its ring, see
 * {@link Pacing}), the receiver times all but the first tenth. The count given to the peers is only
 * an upper bound, except for Chronicle's journal, which keeps every record and whose file is
 * pre-faulted to that size: it stays within a quarter of {@link ChroniclePeer#MAX_JOURNAL} in the
 * first round and, once the journal's rate is known, within three times what a run needs.
 */
final class RunSizer
{
    /** Seconds each run sends. */
    static final double SECONDS = 2.0;
    /** Seconds each run sends with {@code --quick}. */
    static final double QUICK_SECONDS = 0.5;
    /** The count of a timed run when nothing bounds it: never reached. */
    static final long UNBOUNDED = Long.MAX_VALUE / 4;

    private final double seconds;
    private final Map<String, List<Double>> rates;

    /**
     * @param quick the shorter runs of {@code --quick}.
     * @param rates msg/s measured so far, keyed {@code transport@size}.
     */
    RunSizer(final boolean quick, final Map<String, List<Double>> rates)
    {
        this.seconds = quick ? QUICK_SECONDS : SECONDS;
        this.rates = rates;
    }

    double seconds()
    {
        return seconds;
    }

    long runNanos()
    {
        return (long)(seconds * 1e9);
    }

    /**
     * @param transport the transport's name as in the table.
     * @param size      record bytes.
     * @return the most records the run may send.
     */
    long count(final String transport, final int size)
    {
        if (!"chronicle".equals(BenchMain.baseName(transport)))
        {
            return UNBOUNDED;
        }
        final long most = (ChroniclePeer.MAX_JOURNAL - (1 << 20)) / (size + 16L);
        final List<Double> measured = rates.get(transport + "@" + size);
        if (measured == null || measured.isEmpty())
        {
            // first round: a quarter of the cap (pre-faulting a whole GiB on each side took seconds)
            return most / 4;
        }
        return Math.min(most, Math.max(100_000, (long)(3 * Stats.max(measured) * seconds)));
    }
}
