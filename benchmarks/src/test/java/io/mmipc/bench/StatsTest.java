package io.mmipc.bench;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StatsTest
{
    @Test
    void medianOfOddAndEvenCounts()
    {
        assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(Stats.median(List.of())));
    }

    @Test
    void ratioIsTheMedianOfPerRoundRatiosNotTheRatioOfMedians()
    {
        // per round: 4/1 = 4x, 9/3 = 3x, 1/2 = 0.5x -> median 3x; the ratio of medians would say 4/2 = 2x
        final List<Double> rates = List.of(4.0, 9.0, 1.0);
        final List<Double> baseline = List.of(1.0, 3.0, 2.0);
        assertEquals(3.0, Stats.medianRatio(rates, baseline));
        assertEquals(2.0, Stats.median(rates) / Stats.median(baseline));
    }

    @Test
    void hashCoversEveryPayloadByte()
    {
        final Workload work = new Workload(37, 1, 1 << 16, 42);
        final UnsafeBuffer a = new UnsafeBuffer(new byte[37]);
        new Workload.Filler(work).fill(a, 0, 7);
        final long before = Workload.hash(a, 0, 37);
        for (int i = 0; i < 37; i++)
        {
            a.putByte(i, (byte)(a.getByte(i) + 1));
            assertNotEquals(before, Workload.hash(a, 0, 37), "byte " + i + " counts");
            a.putByte(i, (byte)(a.getByte(i) - 1));
        }
        assertEquals(7, a.getLong(0));
    }

    @Test
    void hiccupReportCountsTheTimeAThreadWasNotRunning()
    {
        // a clock read every 1 us, except that every 1000th reading comes 101 us late: 1.1 ms per
        // 1000 readings, so 909 gaps in the second, 909 * 101 us = 9.2% of it
        final long[] t = {0, 0};
        final String line = Hiccups.report(1_000_000_000L, () ->
        {
            t[1]++;
            return t[0] += t[1] % 1000 == 0 ? 101_000 : 1_000;
        });
        assertTrue(line.contains(" 909 gaps over 10 us per second, 9.2% of the time, mean gap 101 us, longest 0.10 ms"),
            line);
    }
}
