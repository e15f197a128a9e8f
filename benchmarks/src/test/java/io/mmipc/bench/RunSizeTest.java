package io.mmipc.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RunSizeTest
{
    private static BenchMain bench(final boolean quick)
    {
        final BenchMain bench = new BenchMain();
        bench.capacity = Workload.DEFAULT_RING;
        bench.quick = quick;
        return bench;
    }

    @Test
    void everyRunCoversThreeLapsOfTheRingAndItsFirstLapIsNotTimed()
    {
        for (final boolean quick : new boolean[] {false, true})
        {
            for (final int size : new int[] {32, 64, 256, 4096})
            {
                final long count = bench(quick).countFor(size);
                final long lap = new Workload(size, count, Workload.DEFAULT_RING).lap();
                assertTrue(count >= 3 * lap, size + " B, quick " + quick + ": " + count + " records, lap " + lap);
                final Pacing pacing = new Pacing(0, count, lap);
                assertTrue(pacing.warmup() >= lap && pacing.warmup() >= count / 10,
                    size + " B: warm-up " + pacing.warmup() + " of " + count);
            }
        }
    }

    @Test
    void aFullRunMovesAboutOnePointSixGigabytesAndQuickAnEighth()
    {
        // 64 B records plus a 16-byte header: 1.6 GB is 20 M records; three 64 MiB laps would be 2.5 M
        assertEquals(20_000_000, bench(false).countFor(64));
        assertEquals(Math.max(3 * ((64L << 20) / 80), 20_000_000 / 8), bench(true).countFor(64));
    }

    @Test
    void anUnknownTransportIsAUsageErrorBeforeAnythingRuns()
    {
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--transports", "mmipc-spin,foo"}));
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--capacity", "3m"}));
    }
}
