package io.mmipc.cli;

import java.util.Locale;

/**
 * The one line each daemon prints to stderr on exit, in a fixed form scripts can parse:
 * {@code produced N records, B bytes in S s: R msg/s, M MB/s} (MB = 10^6 bytes).
 */
public final class Throughput
{
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
        final double seconds = Math.max(nanos, 1) / 1e9;
        return String.format(Locale.ROOT, "%s %d records, %d bytes in %.3f s: %.0f msg/s, %.1f MB/s",
            verb, records, bytes, seconds, records / seconds, bytes / seconds / 1e6);
    }
}
