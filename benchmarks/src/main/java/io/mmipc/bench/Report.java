package io.mmipc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the bench prints after the last round: the latency table (latency mode), the throughput
 * table with per-round ratios to the mmipc row, the transports' setup notes, the targets, and the
 * CSV and chart when asked.
 */
final class Report
{
    private final BenchMain bench;
    private final long seed;
    private final RunSizer sizer;

    Report(final BenchMain bench, final long seed, final RunSizer sizer)
    {
        this.bench = bench;
        this.seed = seed;
        this.sizer = sizer;
    }

    void print(final Map<String, List<Double>> rates, final Map<String, List<long[]>> latencies) throws IOException
    {
        final String baseline = BenchMain.BASELINE;
        if (bench.latency)
        {
            latencyTable(latencies);
        }
        final StringBuilder csv = new StringBuilder("transport,size,msg_per_s,min,max,mb_per_s,ratio_to_mmipc\n");
        System.out.printf(Locale.ROOT, "%n%-18s %6s %14s %14s %14s %9s %9s  %s%n", "transport", "size", "median msg/s",
            "min", "max", "MB/s", "vs mmipc", "per-round vs mmipc");
        for (final int size : bench.sizes)
        {
            final List<Double> mmipc = rates.get(baseline + "@" + size);
            for (final String transport : bench.transports)
            {
                final List<Double> r = rates.get(transport + "@" + size);
                final List<Double> perRound = Stats.ratios(r, mmipc);
                final double median = Stats.median(r);
                final double mb = median * size / 1e6;
                System.out.printf(Locale.ROOT, "%-18s %6d %,14.0f %,14.0f %,14.0f %9.1f %8.2fx  %s%n", label(transport), size,
                    median, Stats.min(r), Stats.max(r), mb, Stats.median(perRound), Targets.rounds(perRound));
                csv.append(String.format(Locale.ROOT, "%s,%d,%.0f,%.0f,%.0f,%.1f,%.3f%n", label(transport), size, median,
                    Stats.min(r), Stats.max(r), mb, Stats.median(perRound)));
            }
        }
        System.out.printf(Locale.ROOT, "(%d rounds, each in its own shuffled order, seed %d; every run verified: count, " +
                "order, checksum%s; timed %s; vs mmipc = median of per-round ratios to %s, mmipc at its default wait " +
                "strategy and %s)%n", bench.rounds, seed,
            bench.transports.contains("chronicle") ? "; chronicle is a persisted journal: every record kept in its file" : "",
            bench.fixedCount() > 0 ? "over all records after the warm-up" : String.format(Locale.ROOT,
                "after a tenth of each run, every run sending for %.1f s", sizer.seconds()), baseline,
            bench.capacity == Workload.DEFAULT_RING ? "default capacity (" + (bench.capacity >> 20) + " MiB)" :
                "capacity " + (bench.capacity >> 20) + " MiB (NOT its default: --capacity)");
        bench.notes().values().forEach(note -> System.out.println("  " + note));
        System.out.println();
        final List<String> targets = bench.latency ?
            Targets.latency(latencies, baseline, bench.sizes, bench.rate, bench.handoff().oneWayNanos(), bench.stalls()) :
            Targets.throughput(rates, baseline, bench.memcpy());
        targets.forEach(System.out::println);
        if (bench.csv != null)
        {
            Files.writeString(bench.csv, csv);
        }
        if (bench.chart != null)
        {
            if (bench.latency)
            {
                // in latency mode the chart asked for is the latency one; throughput goes beside it
                Charts.latency(bench.chart, bench.sizes, bench.transports, latencies);
                Charts.throughput(bench.chart.resolveSibling(bench.chart.getFileName().toString().replace(".png", "") +
                    "-throughput.png"), bench.sizes, bench.transports, rates);
            }
            else
            {
                Charts.throughput(bench.chart, bench.sizes, bench.transports, rates);
            }
        }
    }

    /**
     * @return the transport's name in the table and charts: Chronicle Queue is labelled as the journal it is.
     */
    static String label(final String transport)
    {
        return "chronicle".equals(transport) ? "chronicle-journal" : transport;
    }

    private void latencyTable(final Map<String, List<long[]>> latencies)
    {
        System.out.printf(Locale.ROOT, "%nOne-way latency at %,d msg/s (ns, median over rounds; coordinated omission " +
            "corrected)%n%-18s %6s %10s %10s %10s %12s%n", bench.rate, "transport", "size", "p50", "p99", "p99.9", "max");
        for (final int size : bench.sizes)
        {
            for (final String transport : bench.transports)
            {
                final List<long[]> l = latencies.get(transport + "@" + size);
                System.out.printf(Locale.ROOT, "%-18s %6d %10.0f %10.0f %10.0f %12.0f%n", label(transport), size,
                    Stats.median(BenchMain.column(l, 0)), Stats.median(BenchMain.column(l, 1)),
                    Stats.median(BenchMain.column(l, 2)), Stats.median(BenchMain.column(l, 3)));
            }
        }
    }
}
