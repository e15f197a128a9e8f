package io.mmipc.bench;

import java.util.Locale;

/**
 * The machine's own stalls: one thread spins on {@code System.nanoTime()} for a while and counts the
 * gaps between consecutive readings longer than {@value #GAP_NANOS} ns (the thread was not running:
 * an interrupt, the hypervisor, another task). No transport can deliver a record in less time than
 * the gap it was caught in, so when more than 1% of the time is such gaps, a p99 below the typical
 * gap cannot be measured here, whatever the transport.
 */
final class Hiccups
{
    static final long GAP_NANOS = 10_000;

    private Hiccups()
    {
    }

    /**
     * @param nanos how long to spin.
     * @return one line: gaps per second, share of time stalled, mean and longest gap.
     */
    static String report(final long nanos)
    {
        return report(nanos, System::nanoTime);
    }

    static String report(final long nanos, final java.util.function.LongSupplier clock)
    {
        final long start = clock.getAsLong();
        long last = start;
        long gaps = 0;
        long stalled = 0;
        long longest = 0;
        while (last - start < nanos)
        {
            final long now = clock.getAsLong();
            final long gap = now - last;
            if (gap > GAP_NANOS)
            {
                gaps++;
                stalled += gap;
                longest = Math.max(longest, gap);
            }
            last = now;
        }
        final double seconds = (last - start) / 1e9;
        return String.format(Locale.ROOT, "machine stalls (one thread spinning alone for %.1f s): %.0f gaps over %d us " +
            "per second, %.1f%% of the time, mean gap %.0f us, longest %.2f ms", seconds, gaps / seconds,
            GAP_NANOS / 1000, 100.0 * stalled / (last - start), gaps == 0 ? 0.0 : stalled / 1e3 / gaps, longest / 1e6);
    }
}
