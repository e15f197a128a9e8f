package io.mmipc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The project's speed targets (issue 11), evaluated from one run's rounds and printed under the
 * table: never asserted in a test, since these machines are shared and noisy. Every ratio is the
 * table's mmipc row ({@link BenchMain#BASELINE}: the default wait strategy at the default capacity)
 * against a peer <em>in the same round</em>. A target is met only when <em>every</em> round clears
 * it: a median that clears it while some round does not is reported as not met, with the rounds.
 */
final class Targets
{
    static final int SMALL = 64;
    static final int LARGE = 4096;

    /**
     * One throughput target: mmipc over the fastest of {@code peers} in each round, at {@code size}.
     */
    record Target(String label, int size, List<String> peers, double factor)
    {
    }

    static final List<Target> THROUGHPUT = List.of(
        new Target(SMALL + " B  vs best kernel path (fastest of pipe, uds, tcp in each round)", SMALL,
            List.of("pipe", "uds", "tcp"), 1.5),
        new Target(SMALL + " B  vs agrona", SMALL, List.of("agrona"), 1.5),
        new Target(SMALL + " B  vs aeron", SMALL, List.of("aeron"), 2.0),
        new Target(LARGE + " B vs uds", LARGE, List.of("uds"), 4.0),
        new Target(LARGE + " B vs agrona", LARGE, List.of("agrona"), 1.0));

    /** Latency target: mmipc's p50 at most this many times the machine's one-way cache-line handoff. */
    static final double HANDOFF_FACTOR = 1.3;

    private Targets()
    {
    }

    /**
     * @param rates    msg/s per round, keyed {@code transport@size}.
     * @param baseline the mmipc row of the table.
     * @param memcpy   the machine's memcpy line, printed beside the 4 KiB targets.
     * @return the lines to print.
     */
    static List<String> throughput(final Map<String, List<Double>> rates, final String baseline, final String memcpy)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("Targets (" + baseline + " vs peer, per-round ratios; met only if every round clears it; " +
            "printed, not asserted):");
        for (final Target target : THROUGHPUT)
        {
            lines.add(line(target.label(), perRound(rates, baseline, target.size(), target.peers()), target.factor()));
        }
        final List<Double> large = rates.get(baseline + "@" + LARGE);
        if (large != null)
        {
            lines.add(String.format(Locale.ROOT, "  %s moves %.1f GB/s of %d B records (median); %s", baseline,
                Stats.median(large) * LARGE / 1e9, LARGE, memcpy));
        }
        return lines;
    }

    /**
     * @param latencies p50, p99, p99.9, max in ns per round, keyed {@code transport@size}.
     * @param baseline  the mmipc row of the table.
     * @param sizes     the sizes run.
     * @param rate      the fixed send rate, msg/s.
     * @param handoff   the machine's one-way cache-line handoff p50 in ns ({@link Handoff}), NaN if unmeasured.
     * @param stalls    the machine's own stalls ({@link Hiccups}), printed as the floor under any p99.
     * @return the lines to print.
     */
    static List<String> latency(final Map<String, List<long[]>> latencies, final String baseline,
        final List<Integer> sizes, final long rate, final double handoff, final String stalls)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Targets at %,d msg/s (%s; per-round p50; met only if every round " +
            "clears it; printed, not asserted):", rate, baseline));
        for (final int size : sizes)
        {
            final List<long[]> mmipc = latencies.get(baseline + "@" + size);
            if (mmipc == null)
            {
                lines.add("  " + size + " B  n/a: add " + baseline + " to --transports");
                continue;
            }
            final List<Double> p50 = BenchMain.column(mmipc, 0);
            for (final String peer : List.of("aeron", "agrona"))
            {
                final List<long[]> other = latencies.get(peer + "@" + size);
                // "p50 <= peer's" as a ratio peer / mmipc >= 1, so that it reads like the throughput lines
                lines.add(line(size + " B  p50 " + peer + " / mmipc (mmipc's p50 no higher)",
                    other == null ? List.of() : Stats.ratios(BenchMain.column(other, 0), p50), 1.0));
            }
            final List<Double> overHandoff = new ArrayList<>();
            for (final double p : p50)
            {
                overHandoff.add(HANDOFF_FACTOR * handoff / p);
            }
            lines.add(line(String.format(Locale.ROOT, "%d B  p50 <= %.1fx the cache-line handoff (%.0f ns): 1.3 x handoff / p50",
                size, HANDOFF_FACTOR, handoff), Double.isNaN(handoff) ? List.of() : overHandoff, 1.0));
            final double p99 = Stats.median(BenchMain.column(mmipc, 1));
            lines.add(String.format(Locale.ROOT, "  %d B  p99 %.0f ns (median; the floor under it: %s)", size, p99, stalls));
        }
        return lines;
    }

    /**
     * @return per round, {@code baseline / max(peers)} in that round; empty when a rate is missing.
     */
    static List<Double> perRound(final Map<String, List<Double>> rates, final String baseline, final int size,
        final List<String> peers)
    {
        final List<Double> mmipc = rates.get(baseline + "@" + size);
        if (mmipc == null)
        {
            return List.of();
        }
        final List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < mmipc.size(); round++)
        {
            double best = Double.NaN;
            for (final String peer : peers)
            {
                final List<Double> r = rates.get(peer + "@" + size);
                if (r != null && round < r.size())
                {
                    best = Double.isNaN(best) ? r.get(round) : Math.max(best, r.get(round));
                }
            }
            if (Double.isNaN(best))
            {
                return List.of();
            }
            ratios.add(mmipc.get(round) / best);
        }
        return ratios;
    }

    /**
     * @return true only when there is at least one round and every round's ratio reaches the factor.
     */
    static boolean met(final List<Double> perRound, final double factor)
    {
        return !perRound.isEmpty() && perRound.stream().allMatch(r -> r >= factor);
    }

    static String line(final String what, final List<Double> perRound, final double factor)
    {
        if (perRound.isEmpty())
        {
            return String.format(Locale.ROOT, "  %-66s n/a (needs the mmipc row and the peer in --transports, " +
                "the size in --sizes)", what);
        }
        final long below = perRound.stream().filter(r -> r < factor).count();
        final String verdict = met(perRound, factor) ? "met" : below == perRound.size() ? "MISSED" :
            "NOT MET (" + below + " of " + perRound.size() + " rounds below)";
        return String.format(Locale.ROOT, "  %-66s %6.2fx (target >= %.1fx)  %-30s rounds: %s", what,
            Stats.median(perRound), factor, verdict, rounds(perRound));
    }

    static String rounds(final List<Double> perRound)
    {
        return perRound.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(" "));
    }
}
