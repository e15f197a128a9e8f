package io.mmipc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The project's speed targets, evaluated from one run's rounds and printed under the table: never
 * asserted in a test, since these machines are shared and noisy. Every ratio is mmipc (busy-spin,
 * {@value #SPIN}) against a peer <em>in the same round</em>, and the median of those per-round
 * ratios is what is compared with the target.
 */
final class Targets
{
    static final String SPIN = "mmipc-spin";
    static final int SMALL = 64;
    static final int LARGE = 4096;

    private Targets()
    {
    }

    /**
     * @param rates  msg/s per round, keyed {@code transport@size}.
     * @param memcpy the machine's memcpy line, printed beside the 4 KiB targets.
     * @return the lines to print.
     */
    static List<String> throughput(final Map<String, List<Double>> rates, final String memcpy)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("Targets (busy-spin mmipc vs peer, median of per-round ratios; printed, not asserted):");
        lines.add(line(SMALL + " B  vs agrona", ratio(rates, SMALL, "agrona"), 1.0));
        lines.add(line(SMALL + " B  vs aeron", ratio(rates, SMALL, "aeron"), 1.0));
        lines.add(line(SMALL + " B  vs best kernel path (faster of pipe, uds in each round)",
            ratio(rates, SMALL, "pipe", "uds"), 1.5));
        lines.add(line(LARGE + " B vs agrona", ratio(rates, LARGE, "agrona"), 1.0));
        lines.add(line(LARGE + " B vs uds", ratio(rates, LARGE, "uds"), 4.0));
        final List<Double> large = rates.get(SPIN + "@" + LARGE);
        if (large != null)
        {
            lines.add(String.format(Locale.ROOT, "  %s moves %.1f GB/s of %d B records (median); %s", SPIN,
                Stats.median(large) * LARGE / 1e9, LARGE, memcpy));
        }
        return lines;
    }

    /**
     * @param latencies p50, p99, p99.9, max in ns per round, keyed {@code transport@size}.
     * @param sizes     the sizes run.
     * @param rate      the fixed send rate, msg/s.
     * @param stalls    the machine's own stalls ({@link Hiccups}), printed as the floor under any p99.
     * @return the lines to print.
     */
    static List<String> latency(final Map<String, List<long[]>> latencies, final List<Integer> sizes, final long rate,
        final String stalls)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Targets at %,d msg/s (busy-spin mmipc; medians over rounds; printed, " +
            "not asserted):", rate));
        for (final int size : sizes)
        {
            final List<long[]> spin = latencies.get(SPIN + "@" + size);
            if (spin == null)
            {
                lines.add("  " + size + " B  n/a: add " + SPIN + " to --transports");
                continue;
            }
            final double p99 = Stats.median(BenchMain.column(spin, 1));
            lines.add(String.format(Locale.ROOT, "  %d B  p99 %.0f ns (target <= 1000 ns)  %s", size, p99,
                p99 <= 1000 ? "met" : "MISSED; the floor here: " + stalls));
            final List<long[]> uds = latencies.get("uds@" + size);
            lines.add(line(size + " B  uds p99 / mmipc p99",
                uds == null ? Double.NaN : Stats.medianRatio(BenchMain.column(uds, 1), BenchMain.column(spin, 1)), 10.0));
            for (final String wait : List.of("mmipc-futex", "mmipc-signal"))
            {
                final List<long[]> woken = latencies.get(wait + "@" + size);
                if (woken != null)
                {
                    lines.add(String.format(Locale.ROOT, "  %d B  wake-up cost of %s: p50 %+.0f ns, p99 %+.0f ns over busy-spin",
                        size, wait, difference(woken, spin, 0), difference(woken, spin, 1)));
                }
            }
        }
        return lines;
    }

    /**
     * @return the median over rounds of {@code SPIN / max(peers)} in that round, NaN when a rate is missing.
     */
    static double ratio(final Map<String, List<Double>> rates, final int size, final String... peers)
    {
        final List<Double> spin = rates.get(SPIN + "@" + size);
        if (spin == null)
        {
            return Double.NaN;
        }
        final List<Double> best = new ArrayList<>();
        for (int round = 0; round < spin.size(); round++)
        {
            double max = Double.NaN;
            for (final String peer : peers)
            {
                final List<Double> r = rates.get(peer + "@" + size);
                if (r != null && round < r.size())
                {
                    max = Double.isNaN(max) ? r.get(round) : Math.max(max, r.get(round));
                }
            }
            if (Double.isNaN(max))
            {
                return Double.NaN;
            }
            best.add(max);
        }
        return Stats.medianRatio(spin, best);
    }

    private static double difference(final List<long[]> a, final List<long[]> b, final int column)
    {
        final List<Double> diffs = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++)
        {
            diffs.add((double)(a.get(i)[column] - b.get(i)[column]));
        }
        return Stats.median(diffs);
    }

    private static String line(final String what, final double ratio, final double target)
    {
        if (Double.isNaN(ratio))
        {
            return String.format(Locale.ROOT, "  %-68s n/a (needs %s and the peer in --transports, the size in --sizes)",
                what, SPIN);
        }
        return String.format(Locale.ROOT, "  %-68s %6.2fx (target >= %.1fx)  %s", what, ratio, target,
            ratio >= target ? "met" : "MISSED");
    }
}
