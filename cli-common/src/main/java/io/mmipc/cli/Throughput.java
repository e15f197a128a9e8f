package io.mmipc.cli;

import java.util.Locale;

/**
 * The one line each daemon prints to stderr on exit, in a fixed form scripts can parse:
 * {@code produced N records, B bytes in S s: R msg/s, M MB/s} (MB = 10^6 bytes).
 *
 * <p>A window under {@link #MIN_RATE_WINDOW_NANOS} prints the count and the time only
 * ({@code consumed N records, B bytes in 0.000 s}): a rate divided by a few microseconds (or by
 * nothing, when every record came in one batch) is noise, not a measurement.
 */
public final class Throughput
{
    /** The shortest window a rate is computed from: 1 ms. */
    public static final long MIN_RATE_WINDOW_NANOS = 1_000_000L;

    private Throughput()
    {
    }

    /**
     * @param verb    "produced" or "consumed".
     * @param records count.
     * @param bytes   payload bytes.
     * @param nanos   elapsed time.
     * @return the line.
     */
    public static String line(final String verb, final long records, final long bytes, final long nanos)
    {
        final double seconds = nanos / 1e9;
        if (nanos < MIN_RATE_WINDOW_NANOS)
        {
            return String.format(Locale.ROOT, "%s %d records, %d bytes in %.3f s", verb, records, bytes, seconds);
        }
        return String.format(Locale.ROOT, "%s %d records, %d bytes in %.3f s: %.0f msg/s, %.1f MB/s",
            verb, records, bytes, seconds, records / seconds, bytes / seconds / 1e6);
    }
}
