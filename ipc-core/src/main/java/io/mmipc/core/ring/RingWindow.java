package io.mmipc.core.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How far the producer may run ahead of the consumer while the consumer keeps up: the working
 * window, derived from this machine's last-level cache, so that a ring of any size runs from cache.
 *
 * <p>Why: with a ring larger than the cache, a producer that takes all the free space runs up to
 * a whole ring ahead, and the consumer then reads every record from memory instead of the cache
 * (measured on a 2-vCPU EPYC with a 32 MiB L3, 4 KiB records, {@code scripts/bench --sweep-capacity}:
 * rings of 4 and 16 MiB 1.6-2.4x a 64 MiB ring on a quiet machine). A small ring alone is no
 * answer: when a side is descheduled (any loaded machine) a small ring fills in microseconds and
 * both sides stall on wake-ups (the same sweep under load: a 1 MiB ring 0.05-0.07x the 64 MiB one).
 * So the ring stays large, and the producer keeps its lead within this window while the consumer
 * moves; when the consumer stops moving (off the CPU) the producer goes on into the rest of the
 * ring ({@link RingProducer}), which absorbs the stall as before.
 *
 * <p>The window is a quarter of the last-level cache (both sides' data and the stream in flight
 * must fit beside each other), as a power of two from 1 to 16 MiB; 4 MiB where the cache size
 * cannot be read. {@code -Dmmipc.window=BYTES} overrides it (0 turns the window off: the producer
 * then takes all the free space, as before the window existed).
 */
public final class RingWindow
{
    /** The system property that overrides the window, in bytes; 0 turns it off. */
    public static final String PROPERTY = "mmipc.window";
    static final int MIN = 1 << 20;
    static final int MAX = 16 << 20;
    static final int FALLBACK = 4 << 20;
    private static final Path CPU0_CACHE = Path.of("/sys/devices/system/cpu/cpu0/cache");
    private static final int BYTES = fromProperty(System.getProperty(PROPERTY), lastLevelCacheBytes(CPU0_CACHE));

    private RingWindow()
    {
    }

    /**
     * @param capacity the ring's capacity.
     * @return the window for a ring of this capacity: at most the capacity itself.
     */
    public static int bytes(final int capacity)
    {
        return BYTES <= 0 ? capacity : Math.min(capacity, BYTES);
    }

    /**
     * @param capacity the ring's capacity.
     * @return how many bytes a consumer reads before it gives space back: a quarter of the ring
     *         without a window, else a 32nd of the window (at least 64 KiB), so that a producer a
     *         window ahead sees space come back every few tens of microseconds.
     */
    public static long releaseEvery(final int capacity)
    {
        final int window = bytes(capacity);
        return window < capacity ? Math.max(64 << 10, window / 32) : capacity / 4;
    }

    static int fromProperty(final String property, final long cacheBytes)
    {
        if (property != null && !property.isBlank())
        {
            try
            {
                return (int)Math.min(Integer.MAX_VALUE, Math.max(0, Long.parseLong(property.trim())));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + property +
                    " is not a number of bytes (0 turns the window off)", ex);
            }
        }
        return fromCache(cacheBytes);
    }

    static int fromCache(final long cacheBytes)
    {
        if (cacheBytes <= 0)
        {
            return FALLBACK;
        }
        final long quarter = Long.highestOneBit(cacheBytes / 4);
        return (int)Math.max(MIN, Math.min(MAX, quarter));
    }

    /**
     * @param cacheFolder a CPU's {@code cache} folder in sysfs.
     * @return the size of its highest-level data or unified cache, or 0 if it cannot be read.
     */
    static long lastLevelCacheBytes(final Path cacheFolder)
    {
        long best = 0;
        int bestLevel = 0;
        for (int i = 0; i < 8; i++)
        {
            final Path index = cacheFolder.resolve("index" + i);
            try
            {
                if (!Files.isDirectory(index) || "Instruction".equals(Files.readString(index.resolve("type")).trim()))
                {
                    continue;
                }
                final int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                final long size = parseSize(Files.readString(index.resolve("size")).trim());
                if (level > bestLevel && size > 0)
                {
                    bestLevel = level;
                    best = size;
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                // an unreadable entry: judge by the others
            }
        }
        return best;
    }

    static long parseSize(final String text)
    {
        final String s = text.toUpperCase(Locale.ROOT);
        final long unit = s.endsWith("K") ? 1L << 10 : s.endsWith("M") ? 1L << 20 : s.endsWith("G") ? 1L << 30 : 1;
        final String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * unit;
    }
}
