package io.mmipc.bench;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunSizeTest
{
    private static final UnsafeBuffer RECORD = new UnsafeBuffer(new byte[64]);

    @Test
    void aTimedRunSendsUntilItsTimeIsUpButAtLeastThreeLapsOfTheRing() throws Exception
    {
        final Pacing pacing = new Pacing(0, RunSizer.UNBOUNDED, 5_000, 1_000_000);
        assertEquals(15_000, pacing.minimum(), "three laps of 5,000 records");
        assertTrue(pacing.more(0), "the clock starts with the first record");
        Thread.sleep(5);
        assertTrue(pacing.more(1024 * 10), "past the time, but short of three laps");
        assertFalse(pacing.more(1024 * 15), "past the time and three laps");
        assertTrue(pacing.more(1024 * 15 + 1), "the clock is read once every 1024 records only");
        assertEquals(10_000, new Pacing(0, RunSizer.UNBOUNDED, 10, 1).minimum(), "and at least 10,000 records");
    }

    @Test
    void aTimedRunsReceiverWarmsUpForATenthOfTheTimeAndAtLeastALapThenTimesTheRest() throws Exception
    {
        final Pacing pacing = new Pacing(0, RunSizer.UNBOUNDED, 300, 2_000_000_000L);
        for (int i = 0; i < 600; i++)
        {
            pacing.received(RECORD, 0);
        }
        assertEquals(Long.MAX_VALUE, pacing.warmup(), "200 ms of a 2 s run have not passed yet (600 records)");
        assertEquals("0 0", pacing.timed(), "nothing timed yet");
        Thread.sleep(210);
        for (int i = 600; i < 1000; i++)
        {
            pacing.received(RECORD, 0);
        }
        assertEquals(768, pacing.warmup(), "ends at the first check (every 256 records) after a tenth and a lap");
        assertTrue(pacing.timed().startsWith("232 "), pacing.timed());
    }

    @Test
    void aFixedCountWarmsUpForItsFirstTenthOrItsFirstLap()
    {
        assertEquals(100_000, new Pacing(0, 1_000_000, 5_000).warmup());
        assertEquals(200_000, new Pacing(0, 1_000_000, 200_000).warmup());
        assertEquals(500_000, new Pacing(0, 1_000_000, 900_000).warmup(), "at most half the run");
    }

    @Test
    void onlyChroniclesJournalBoundsTheCountAndItStaysWithinItsCap()
    {
        final RunSizer sizer = new RunSizer(false, Map.of("chronicle@4096", List.of(5e6)));
        assertEquals(RunSizer.UNBOUNDED, sizer.count("mmipc-futex", 64));
        assertEquals(RunSizer.UNBOUNDED, sizer.count("mmipc-futex:4m", 64));
        for (final int size : new int[] {32, 64, 4096})
        {
            final long count = sizer.count("chronicle", size);
            assertTrue(ChroniclePeer.journalBytes(count, size) <= ChroniclePeer.MAX_JOURNAL, size + " B: " + count);
        }
        assertEquals((ChroniclePeer.MAX_JOURNAL - (1 << 20)) / 80 / 4, new RunSizer(false, Map.of()).count("chronicle", 64),
            "first round: a quarter of the cap");
        // once measured: three times what 2 s at 20,000 msg/s needs
        assertEquals(120_000, new RunSizer(false, Map.of("chronicle@64", List.of(2e4))).count("chronicle", 64));
    }

    @Test
    void onlyRingTransportsHaveARingToLap()
    {
        final BenchMain bench = new BenchMain();
        bench.capacity = 4 << 20;
        assertEquals(4 << 20, bench.ringOf("mmipc-futex"));
        assertEquals(1 << 20, bench.ringOf("mmipc-futex:1m"));
        assertEquals(4 << 20, bench.ringOf("agrona"));
        assertEquals(4 << 20, bench.ringOf("aeron"));
        for (final String kernelOrJournal : List.of("pipe", "uds", "tcp", "chronicle"))
        {
            assertEquals(0, bench.ringOf(kernelOrJournal), kernelOrJournal);
        }
        assertEquals(10_000, new Pacing(0, RunSizer.UNBOUNDED, new Workload(64, 1, 0, 0).lap(), 1).minimum());
    }

    @Test
    void anUnknownTransportIsAUsageErrorBeforeAnythingRuns()
    {
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--transports", "mmipc-spin,foo"}));
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--capacity", "3m"}));
        assertEquals(2, io.mmipc.cli.Daemon.run(new BenchMain(), new String[] {"--sizes", "4"}));
    }
}
