package io.mmipc.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TargetsTest
{
    @Test
    void bestKernelPathIsTheFastestOfPipeAndSocketsInEachRound()
    {
        // round 1: best is the pipe (10), 20/10 = 2x; round 2: best is uds (40), 20/40 = 0.5x;
        // round 3: best is tcp (8), 16/8 = 2x
        final Map<String, List<Double>> rates = Map.of(
            "mmipc-futex@64", List.of(20.0, 20.0, 16.0),
            "pipe@64", List.of(10.0, 5.0, 4.0),
            "uds@64", List.of(6.0, 40.0, 7.0),
            "tcp@64", List.of(1.0, 1.0, 8.0));
        assertEquals(List.of(2.0, 0.5, 2.0), Targets.perRound(rates, "mmipc-futex", 64, List.of("pipe", "uds", "tcp")));
        assertEquals(List.of(2.0, 4.0, 4.0), Targets.perRound(rates, "mmipc-futex", 64, List.of("pipe")));
    }

    @Test
    void aTargetIsMetOnlyWhenEveryRoundClearsIt()
    {
        assertTrue(Targets.met(List.of(1.6, 1.5, 2.0), 1.5));
        // the median (1.6) clears 1.5, one round does not: not met
        assertFalse(Targets.met(List.of(1.6, 1.4, 2.0), 1.5));
        assertFalse(Targets.met(List.of(), 1.5), "no rounds prove nothing");
        final String line = Targets.line("64 B vs agrona", List.of(1.6, 1.4, 2.0), 1.5);
        assertTrue(line.contains("1.60x") && line.contains("NOT MET (1 of 3 rounds below)") &&
            line.contains("rounds: 1.60 1.40 2.00"), line);
        assertTrue(Targets.line("x", List.of(1.6, 1.5), 1.5).contains(" met "));
        assertTrue(Targets.line("x", List.of(1.0, 1.2), 1.5).contains("MISSED"));
    }

    @Test
    void theTargetsUseTheTablesMmipcRowAndAMissingPeerIsNotAvailableRatherThanMet()
    {
        final Map<String, List<Double>> rates = Map.of("mmipc-futex@64", List.of(30.0), "mmipc-spin@64", List.of(90.0),
            "pipe@64", List.of(10.0), "uds@64", List.of(10.0), "tcp@64", List.of(10.0));
        final String text = String.join("\n", Targets.throughput(rates, BenchMain.BASELINE, "memcpy"));
        assertEquals("mmipc-futex", BenchMain.BASELINE, "the default wait strategy's row");
        assertTrue(text.contains("best kernel path") && text.contains("3.00x") && text.contains("met"),
            "mmipc-futex's 30 against 10, not mmipc-spin's 90:\n" + text);
        assertTrue(text.lines().anyMatch(l -> l.contains("vs agrona") && l.contains("n/a")), text);
    }

    @Test
    void latencyTargetsCompareP50WithThePeersAndTheHandoffRoundByRound()
    {
        final Map<String, List<long[]>> latencies = Map.of(
            "mmipc-futex@64", List.of(new long[] {200, 800, 900, 5000}, new long[] {180, 900, 1000, 6000}),
            "aeron@64", List.of(new long[] {210, 16000, 20000, 90000}, new long[] {190, 9000, 20000, 90000}),
            "agrona@64", List.of(new long[] {190, 16000, 20000, 90000}, new long[] {200, 9000, 20000, 90000}));
        final List<String> lines = Targets.latency(latencies, "mmipc-futex", List.of(64), 100_000, 150, "stalls");
        final String text = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("aeron / mmipc") && l.contains(" met ")), text);
        // agrona's 190 beats mmipc's 200 in round 1
        assertTrue(lines.stream().anyMatch(l -> l.contains("agrona / mmipc") && l.contains("NOT MET (1 of 2")), text);
        // 1.3 x 150 = 195: round 1 (200) misses, round 2 (180) clears
        assertTrue(lines.stream().anyMatch(l -> l.contains("handoff") && l.contains("NOT MET (1 of 2")), text);
    }
}
