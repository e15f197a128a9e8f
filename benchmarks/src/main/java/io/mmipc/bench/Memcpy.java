package io.mmipc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The machine's memory copy bandwidth for 4 KiB blocks, hot (one block over and over, in L1) and
 * cold (through 256 MiB, beyond every cache): the ceiling any shared-memory transport works under.
 */
final class Memcpy
{
    private Memcpy()
    {
    }

    static String report()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final long big = 256L << 20;
            final MemorySegment from = arena.allocate(big, 4096);
            final MemorySegment to = arena.allocate(big, 4096);
            from.fill((byte)1);
            to.fill((byte)2);
            final double hot = rate(from, to, 4096, 1 << 18);
            final double cold = rate(from, to, big, (int)(big / 4096) * 2);
            return String.format(Locale.ROOT, "memcpy of 4 KiB blocks (MemorySegment.copy): hot %.1f GB/s, cold %.1f GB/s",
                hot, cold);
        }
    }

    private static double rate(final MemorySegment from, final MemorySegment to, final long span, final int copies)
    {
        long offset = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < copies; i++)
        {
            MemorySegment.copy(from, offset, to, offset, 4096);
            offset += 4096;
            if (offset >= span)
            {
                offset = 0;
            }
        }
        return copies * 4096.0 / (System.nanoTime() - start);
    }
}
