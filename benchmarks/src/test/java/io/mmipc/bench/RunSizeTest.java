package io.mmipc.bench;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunSizeTest
{
    @Test
    void everyRunCoversThreeLapsOfTheRingAndItsFirstLapIsNotTimed()
    {
        for (final boolean quick : new boolean[] {false, true})
        {
            final RunSizer sizer = new RunSizer(quick, Map.of("agrona@64", List.of(1000.0)));
            for (final int size : new int[] {32, 64, 256, 4096})
            {
                for (final String transport : List.of("mmipc-futex", "agrona"))
                {
                    final long count = sizer.count(transport, size, Workload.DEFAULT_RING);
                    final long lap = new Workload(size, count, Workload.DEFAULT_RING, 0).lap();
                    assertTrue(count >= 3 * lap, size + " B, quick " + quick + ": " + count + " records, lap " + lap);
                    final Pacing pacing = new Pacing(0, count, lap);
                    assertTrue(pacing.warmup() >= lap && pacing.warmup() >= count / 10,
                        size + " B: warm-up " + pacing.warmup() + " of " + count);
                }
            }
        }
    }

    @Test
    void theFirstRoundMovesOnePointSixGigabytesAndLaterRoundsLastTheSameTime()
    {
        final Map<String, List<Double>> rates = new HashMap<>();
        final RunSizer sizer = new RunSizer(false, rates);
        // 64 B records plus a 16-byte header: 1.6 GB is 20 M records; three 1 MiB laps are far fewer
        assertEquals(20_000_000, sizer.count("uds", 64, 1 << 20));
        assertEquals(20_000_000 / 8, new RunSizer(true, rates).count("uds", 64, 1 << 20));
        // measured: 9 M msg/s and 90 M msg/s; 2 s timed after a warm-up tenth -> 20 M and 200 M records
        rates.put("uds@64", List.of(9e6));
        rates.put("mmipc-futex@64", List.of(80e6, 90e6, 100e6));
        assertEquals(20_000_000, sizer.count("uds", 64, 1 << 20));
        assertEquals(200_000_000, sizer.count("mmipc-futex", 64, 1 << 20));
    }

    @Test
    void chroniclesJournalStaysWithinItsCap()
    {
        final RunSizer sizer = new RunSizer(false, Map.of("chronicle@4096", List.of(5e6)));
        final long count = sizer.count("chronicle", 4096, Workload.DEFAULT_RING);
        assertTrue(ChroniclePeer.journalBytes(count, 4096) <= ChroniclePeer.MAX_JOURNAL, count + " records");
    }

    @Test
    void anUnknownTransportIsAUsageErrorBeforeAnythingRuns()
    {
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--transports", "mmipc-spin,foo"}));
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--capacity", "3m"}));
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--sizes", "4"}));
    }
}
