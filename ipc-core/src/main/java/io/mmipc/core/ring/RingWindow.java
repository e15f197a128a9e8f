package io.mmipc.core.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How far the producer may run ahead of the consumer while the consumer keeps up: the working
 * window. Off by default; {@code -Dmmipc.window=auto} sizes it from this machine's last-level cache
 * (a quarter of it, as a power of two from 1 to 16 MiB; 4 MiB where the size cannot be read), and
 * {@code -Dmmipc.window=BYTES} sets it.
 *
 * <p>The idea: with a ring larger than the cache, a producer that takes all the free space runs up
 * to a whole ring ahead and the consumer reads from memory; a small ring keeps the stream in the
 * cache but fills in microseconds when a side is descheduled (a loaded 2-vCPU VM, 4 KiB records: a
 * 1 MiB ring at 0.05-0.07x the 64 MiB one). So the ring stays large and the producer keeps its lead
 * within the window while the consumer moves, going on into the rest of the ring when the consumer
 * stops ({@link RingProducer}).
 *
 * <p>Why off: measured, it does not pay here. {@code scripts/bench} with rows with and without it,
 * 5 rounds side by side on a quiet 2-vCPU AMD EPYC (32 MiB L3, so an 8 MiB window), Nov 2026: the
 * ring without the window ran at 1.07x (32 B), 1.71x (64 B), 1.05x (256 B) and 1.09x (4 KiB) the
 * ring with it, median of per-round ratios. The producer's wait at the window's edge, and the
 * consumer's smaller give-backs, cost more than the cache misses they save on this machine; the
 * bench keeps a {@code -window} row to measure it on others.
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
        if (property == null || property.isBlank())
        {
            return 0; // off by default: see the class comment for the measurement
        }
        if ("auto".equalsIgnoreCase(property.trim()))
        {
            return fromCache(cacheBytes);
        }
        try
        {
            return (int)Math.min(Integer.MAX_VALUE, Math.max(0, Long.parseLong(property.trim())));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + property +
                " is not a number of bytes, nor auto (0 turns the window off)", ex);
        }
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
