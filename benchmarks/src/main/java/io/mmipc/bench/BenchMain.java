package io.mmipc.bench;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code scripts/bench}: the same workload over each transport, interleaved, round after round;
 * a table of medians with ranges and per-round ratios to mmipc.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = {"Sends COUNT records of SIZE bytes from a sender JVM to a separate receiver JVM, which reads every",
        "payload byte into a checksum, over each transport in turn: interleaved within each round, so that every",
        "transport meets the same machine weather. The first tenth of each run warms up untimed (JIT).",
        "Prints median msg/s with min and max, MB/s, and the median",
        "of per-round ratios to mmipc (futex, the default wait strategy).",
        "Pipes and sockets move ~1,000 small records per system call through 64 KiB buffers: their real",
        "strength, kept. Everything runs on this machine; sockets use loopback only.", ""})
public final class BenchMain implements Callable<Integer>
{
    static final String BASELINE = "mmipc-futex";
    static final long RUN_BYTES = 1_600_000_000L;
    static final String ALL_TRANSPORTS = "mmipc-futex,mmipc-spin,mmipc-backoff,mmipc-signal,pipe,uds,tcp,agrona,aeron," +
        "chronicle";
    static final List<String> KNOWN_TRANSPORTS = List.of(ALL_TRANSPORTS.split(","));

    /** What Chronicle Queue needs on JDK 25, for its JVMs only (mmipc itself needs none of it). */
    static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    static final List<Integer> DEFAULT_SIZES = List.of(32, 64, 256, 4096);
    static final List<Integer> QUICK_SIZES = List.of(32, 64, 4096);

    @Option(names = "--sizes", split = ",",
        description = "Record sizes (default 32,64,256,4096; --quick: 32,64,4096; the targets are at 64 and 4096).")
    List<Integer> sizes;
    private boolean sizesDefaulted;

    @Option(names = "--count", description = "Records per run (default: 1.6 GB of records of SIZE plus a 16-byte " +
        "header, at least three laps of the ring; --quick: an eighth, still three laps).")
    Long count;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--transports", split = ",",
        defaultValue = ALL_TRANSPORTS,
        description = "Transports (default ${DEFAULT-VALUE}).")
    List<String> transports;

    @Option(names = "--capacity", paramLabel = "BYTES", converter = io.mmipc.cli.SizeConverter.class,
        description = "Ring bytes for every shared-memory transport alike: mmipc's capacity, Agrona's ring, " +
            "Aeron's term length; a power of two (default 64m, mmipc's default capacity).")
    long capacity = Workload.DEFAULT_RING;

    @Option(names = "--quick", description = "2 rounds of smaller runs at sizes 32, 64 and 4096: every transport in " +
        "about a minute and a half on 2 cores, indicative only (the README's figures are from the default 5 rounds).")
    boolean quick;

    @Option(names = "--latency", description = "Latency mode: send at --rate, print p50/p99/p99.9/max of one-way latency.")
    boolean latency;

    @Option(names = "--rate", defaultValue = "100000", description = "Latency mode: records per second (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--chart", paramLabel = "PATH",
        description = "Also draw a PNG chart: msg/s by size and transport; with --latency the latency " +
            "percentiles (and the msg/s chart beside it as NAME-throughput.png).")
    Path chart;

    @Option(names = "--csv", paramLabel = "PATH",
        description = "Also write transport,size,msg_per_s,mb_per_s,ratio_to_mmipc per row.")
    Path csv;

    public static void main(final String[] args)
    {
        System.exit(Daemon.run(new BenchMain(), args));
    }

    long countFor(final int size)
    {
        if (count != null)
        {
            return count;
        }
        if (latency)
        {
            return quick ? rate : rate * 3; // 1 or 3 seconds of traffic at the rate
        }
        // 1.6 GB of records, and at least three laps of the ring: one warms up untimed (see Pacing).
        // Shorter runs measured start-up, not the transport: 2.5 M records of 64 B gave mmipc 28 M msg/s,
        // 20 M records 71 M msg/s, in the same hour.
        final long lap = new Workload(size, 0, (int)capacity).lap();
        final long full = Math.max(3 * lap, RUN_BYTES / (size + 16));
        // quick: an eighth, still three laps (at 4 KiB, 24,000 records timed JIT warm-up, not mmipc: 0.2 M msg/s
        // against 1.6 M msg/s for 100,000)
        return quick ? Math.max(3 * lap, full / 8) : full;
    }

    @Override
    public Integer call() throws Exception
    {
        sizesDefaulted = sizes == null;
        if (sizesDefaulted)
        {
            sizes = new ArrayList<>(DEFAULT_SIZES);
        }
        if (quick)
        {
            rounds = Math.min(rounds, 2);
            if (sizesDefaulted)
            {
                sizes = new ArrayList<>(QUICK_SIZES); // the target sizes and the smallest: under two minutes
            }
        }
        latencyRate = latency ? rate : 0;
        if (capacity < 64 * 1024 || capacity > 1L << 30 || Long.bitCount(capacity) != 1)
        {
            throw new picocli.CommandLine.TypeConversionException("--capacity must be a power of two from 64k to 1g, not " +
                capacity);
        }
        if (latency && sizes.stream().anyMatch(x -> x < 16))
        {
            throw new picocli.CommandLine.TypeConversionException("--latency needs --sizes of 16 bytes or more");
        }
        for (final String transport : transports)
        {
            if (!KNOWN_TRANSPORTS.contains(transport))
            {
                throw new picocli.CommandLine.TypeConversionException("unknown transport '" + transport +
                    "' in --transports; choose from " + String.join(",", KNOWN_TRANSPORTS));
            }
        }
        if (!transports.contains(BASELINE))
        {
            transports.add(0, BASELINE);
        }
        memcpy = Memcpy.report();
        System.out.println(memcpy);
        if (latency)
        {
            stalls = Hiccups.report(2_000_000_000L);
            System.out.println(stalls);
        }
        final Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++)
        {
            for (final int size : sizes)
            {
                for (final String transport : transports)
                {
                    final long started = System.nanoTime();
                    final double rate = run(transport, size, countFor(size));
                    rates.computeIfAbsent(transport + "@" + size, k -> new ArrayList<>()).add(rate);
                    System.err.printf(Locale.ROOT, "round %d/%d  %-14s %5d B  %,14.0f msg/s  (%.1f s)%s%n", round, rounds,
                        transport, size, rate, (System.nanoTime() - started) / 1e9,
                        latency ? "  latency ns p50/p99/p99.9/max " + java.util.Arrays.toString(lastLatency) : "");
                    if (latency)
                    {
                        latencies.computeIfAbsent(transport + "@" + size, k -> new ArrayList<>()).add(lastLatency);
                    }
                }
            }
        }
        report(rates);
        return 0;
    }

    private final Map<String, List<long[]>> latencies = new LinkedHashMap<>();
    private String memcpy;
    private String stalls;
    private long[] lastLatency;

    private void report(final Map<String, List<Double>> rates) throws IOException
    {
        if (latency)
        {
            reportLatency();
        }
        final StringBuilder csvText = new StringBuilder("transport,size,msg_per_s,mb_per_s,ratio_to_mmipc\n");
        System.out.printf(Locale.ROOT, "%n%-14s %6s %14s %14s %14s %10s %10s%n", "transport", "size", "median msg/s",
            "min", "max", "MB/s", "vs mmipc");
        for (final int size : sizes)
        {
            final List<Double> baseline = rates.get(BASELINE + "@" + size);
            for (final String transport : transports)
            {
                final List<Double> r = rates.get(transport + "@" + size);
                final double median = Stats.median(r);
                final double ratio = Stats.medianRatio(r, baseline);
                final double mb = median * size / 1e6;
                System.out.printf(Locale.ROOT, "%-14s %6d %,14.0f %,14.0f %,14.0f %10.1f %9.2fx%n", transport, size, median,
                    Stats.min(r), Stats.max(r), mb, ratio);
                csvText.append(String.format(Locale.ROOT, "%s,%d,%.0f,%.1f,%.3f%n",
                    transport.startsWith("mmipc") && transport.equals(BASELINE) ? "mmipc" : transport, size, median, mb, ratio));
            }
        }
        System.out.println("(" + rounds + " rounds; pipe, uds and tcp batch ~1,000 small records per system call through " +
            "64 KiB buffers; vs mmipc = median of per-round ratios to " + BASELINE + ")");
        System.out.println();
        (latency ? Targets.latency(latencies, sizes, rate, stalls) : Targets.throughput(rates, memcpy)).forEach(System.out::println);
        if (csv != null)
        {
            Files.writeString(csv, csvText);
        }
        if (chart != null)
        {
            if (latency)
            {
                // in latency mode the chart asked for is the latency one; throughput goes beside it
                Charts.latency(chart, sizes, transports, latencies);
                Charts.throughput(chart.resolveSibling(chart.getFileName().toString().replace(".png", "") +
                    "-throughput.png"), sizes, transports, rates);
            }
            else
            {
                Charts.throughput(chart, sizes, transports, rates);
            }
        }
    }

    private void reportLatency()
    {
        System.out.printf(Locale.ROOT, "%nOne-way latency at %,d msg/s (ns, median over rounds; coordinated omission " +
            "corrected)%n%-14s %6s %10s %10s %10s %12s%n", rate, "transport", "size", "p50", "p99", "p99.9", "max");
        for (final int size : sizes)
        {
            for (final String transport : transports)
            {
                final List<long[]> l = latencies.get(transport + "@" + size);
                System.out.printf(Locale.ROOT, "%-14s %6d %10.0f %10.0f %10.0f %12.0f%n", transport, size,
                    Stats.median(column(l, 0)), Stats.median(column(l, 1)), Stats.median(column(l, 2)),
                    Stats.median(column(l, 3)));
            }
        }
    }

    static List<Double> column(final List<long[]> rows, final int i)
    {
        final List<Double> values = new ArrayList<>();
        for (final long[] row : rows)
        {
            values.add((double)row[i]);
        }
        return values;
    }

    /**
     * One run: a receiver JVM and a sender JVM, started fresh.
     *
     * @return the receiver's records per second.
     */
    private double run(final String transport, final int size, final long records) throws Exception
    {
        final Path place = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") :
            Path.of(System.getProperty("java.io.tmpdir")), "mmipc-bench-");
        try
        {
            final List<String> receiver = peer("recv", transport, size, records, place);
            final List<String> sender = peer("send", transport, size, records, place);
            final Process recv;
            final Process send;
            final Path result = place.resolve("result.txt");
            if ("pipe".equals(transport))
            {
                final List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder(sender).redirectError(ProcessBuilder.Redirect.INHERIT),
                    new ProcessBuilder(receiver).redirectError(result.toFile())));
                send = pipeline.get(0);
                recv = pipeline.get(1);
            }
            else
            {
                recv = new ProcessBuilder(receiver).redirectError(result.toFile()).start();
                send = new ProcessBuilder(sender).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            }
            try
            {
                if (!recv.waitFor(300, TimeUnit.SECONDS) || !send.waitFor(60, TimeUnit.SECONDS))
                {
                    throw new IllegalStateException(transport + " did not finish within 5 minutes");
                }
                final String line = Files.readAllLines(result).stream().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(transport + " receiver printed no result: " + read(result)));
                final String[] f = line.split(" ");
                if (latency)
                {
                    final String[] l = Files.readAllLines(result).stream().filter(x -> x.startsWith("LATENCY ")).findFirst()
                        .orElseThrow().split(" ");
                    lastLatency = new long[] {Long.parseLong(l[1]), Long.parseLong(l[2]), Long.parseLong(l[3]),
                        Long.parseLong(l[4])};
                }
                final long got = Long.parseLong(f[1]);
                if (got != records)
                {
                    throw new IllegalStateException(transport + " delivered " + got + " of " + records + " records");
                }
                return Long.parseLong(f[2]) * 1e9 / Math.max(1, Long.parseLong(f[3])); // timed after the warm-up
            }
            finally
            {
                recv.destroyForcibly();
                send.destroyForcibly();
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(place))
            {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private long latencyRate;

    private List<String> peer(final String side, final String transport, final int size, final long records,
        final Path place)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + System.getProperty("mmipc.jvm.options", "scripts/jvm.options"));
        if ("chronicle".equals(transport))
        {
            command.addAll(CHRONICLE_FLAGS);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Peer.class.getName(), side, transport,
            Integer.toString(size), Long.toString(records), place.toString(), Long.toString(latencyRate),
            Long.toString(capacity)));
        return command;
    }
}
