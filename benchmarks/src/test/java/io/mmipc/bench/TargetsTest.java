package io.mmipc.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TargetsTest
{
    @Test
    void bestKernelPathIsTheFasterOfPipeAndUdsInEachRound()
    {
        // round 1: best is the pipe (10), 20/10 = 2x; round 2: best is uds (40), 20/40 = 0.5x;
        // round 3: best is uds (8), 16/8 = 2x -> median 2x
        final Map<String, List<Double>> rates = Map.of(
            "mmipc-spin@64", List.of(20.0, 20.0, 16.0),
            "pipe@64", List.of(10.0, 5.0, 4.0),
            "uds@64", List.of(6.0, 40.0, 8.0));
        assertEquals(2.0, Targets.ratio(rates, 64, "pipe", "uds"));
        assertEquals(4.0, Targets.ratio(rates, 64, "pipe"), "pipe alone: 20/10, 20/5, 16/4 -> 2, 4, 4");
    }

    @Test
    void aMissingTransportOrSizeIsNotAvailableRatherThanMet()
    {
        final Map<String, List<Double>> rates = Map.of("mmipc-spin@64", List.of(20.0), "pipe@64", List.of(10.0));
        assertTrue(Double.isNaN(Targets.ratio(rates, 64, "agrona")));
        assertTrue(Double.isNaN(Targets.ratio(rates, 4096, "uds")));
        final List<String> lines = Targets.throughput(rates, "memcpy");
        assertTrue(lines.stream().anyMatch(l -> l.contains("vs agrona") && l.contains("n/a")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("best kernel path") && l.contains("2.00x") &&
            l.contains("met")), String.join("\n", lines));
    }

    @Test
    void latencyTargetsComparePerRoundP99AndPrintTheWakeUpCost()
    {
        final Map<String, List<long[]>> latencies = Map.of(
            "mmipc-spin@64", List.of(new long[] {100, 800, 900, 5000}, new long[] {120, 900, 1000, 6000}),
            "uds@64", List.of(new long[] {9000, 16000, 20000, 90000}, new long[] {9000, 9000, 20000, 90000}),
            "mmipc-futex@64", List.of(new long[] {8100, 20800, 0, 0}, new long[] {8120, 30900, 0, 0}));
        final List<String> lines = Targets.latency(latencies, List.of(64), 100_000, "stalls");
        final String text = String.join("\n", lines);
        assertTrue(text.contains("p99 850 ns (target <= 1000 ns)  met"), text);
        // per round 20x and 10x -> median 15x
        assertTrue(text.contains("15.00x (target >= 10.0x)  met"), text);
        assertTrue(text.contains("wake-up cost of mmipc-futex: p50 +8000 ns, p99 +25000 ns"), text);
    }
}
