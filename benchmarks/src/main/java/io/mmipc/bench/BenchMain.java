package io.mmipc.bench;

import io.mmipc.WaitStrategy;
import io.mmipc.cli.Daemon;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code scripts/bench}: the same workload over each transport, in a shuffled order in each round,
 * round after round; every run verified; a table of medians with ranges and per-round ratios to
 * mmipc at its default settings, the machine it ran on, and the targets.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = {"Sends COUNT records of SIZE bytes from a sender JVM to a separate receiver JVM, which checks " +
        "every record's sequence and reads every payload byte into a checksum, over each transport in turn.", "",
        "Each round runs the transports in a shuffled order (seeded: --seed, printed). Every run is verified: the " +
        "receiver's count, order and checksum against what the seed and the sender imply; a mismatch ends the " +
        "bench with exit code 1. Each sender sends for the same time (2 s, --quick 0.5 s) from the moment its " +
        "receiver is ready, and at least three laps of the ring; the receiver warms up for the first tenth (and a " +
        "lap) untimed and times the rest: the same clock window on every transport.", "",
        "Prints the machine, median msg/s with min and max, MB/s, per-round ratios to mmipc at its default " +
        "settings (futex wait, default capacity) and the targets. Everything runs on this machine; sockets use " +
        "loopback only.", "",
        "Two more modes, each given as the first argument of scripts/bench:",
        "  --mailbox [--quick]  many to many: mailbox-SxR rows (S sender JVMs, R receiver JVMs) beside the " +
            "kernel's POSIX message queue and Agrona's ManyToOneRingBuffer.",
        "  --jmh [JMH ARGS]     the JMH micro-benchmarks (semaphore, ring, mailbox, typed messages) in one JVM; " +
            "the arguments go to JMH, e.g. --jmh RingBenchmark -prof gc.", ""},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.VERIFICATION_FAILED_LINE, ExitCodes.USAGE_LINE,
        ExitCodes.INTERNAL_ERROR_LINE})
public final class BenchMain implements Callable<Integer>
{
    /** The table's mmipc row: mmipc at its default wait strategy (and, unless --capacity, its default capacity). */
    static final String BASELINE = "mmipc-" + WaitStrategy.DEFAULT.label();
    static final String ALL_TRANSPORTS = "mmipc-futex,mmipc-spin,mmipc-backoff,mmipc-signal,pipe,uds,tcp,agrona,aeron," +
        "chronicle";
    static final List<String> KNOWN_TRANSPORTS = List.of(ALL_TRANSPORTS.split(","));
    static final List<Integer> SWEEP_MIB = List.of(1, 4, 16, 64);

    /** What Chronicle Queue needs on JDK 25, for its JVMs only (mmipc itself needs none of it). */
    static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        // single-threaded checks off, as Chronicle's own JLBH benchmark setups run it
        "-Ddisable.single.threaded.check=true");

    /** Agrona's and Aeron's flag for their unchecked buffers (mmipc's hot path is unchecked by design). */
    static final String AGRONA_UNCHECKED = "-Dagrona.disable.bounds.checks=true";

    static final List<Integer> DEFAULT_SIZES = List.of(32, 64, 256, 4096);
    static final List<Integer> QUICK_SIZES = List.of(32, 64, 4096);

    @Option(names = "--sizes", split = ",",
        description = "Record sizes (default 32,64,256,4096; --quick: 32,64,4096; the targets are at 64 and 4096).")
    List<Integer> sizes;

    @Option(names = "--count", description = "Records per run, instead of runs of a fixed time (latency mode: the rate times 3 s, " +
        "--quick 1 s); the first tenth, or the first lap, warms up.")
    Long count;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--transports", split = ",",
        description = "Transports (default " + ALL_TRANSPORTS + "; with --sweep-capacity: the mmipc row only).")
    List<String> transports;

    @Option(names = "--capacity", paramLabel = "BYTES", converter = io.mmipc.cli.SizeConverter.class,
        description = "Ring bytes for every shared-memory transport alike: mmipc's capacity, Agrona's ring, " +
            "Aeron's window; a power of two (default: mmipc's default capacity).")
    long capacity = Workload.DEFAULT_RING;

    @Option(names = "--sweep-capacity", description = "Also run the mmipc row at capacities 1, 4, 16 and 64 MiB " +
        "(rows " + "mmipc-futex:1m and so on) and the default capacity without the producer's working window " +
        "(mmipc-futex-window), to show what ring size costs and what the working window would buy. Any mmipc " +
        "transport may be named with -window in --transports.")
    boolean sweepCapacity;

    @Option(names = "--seed", description = "Seed of the transport order and the payload bytes (default: from the clock; " +
        "printed, so that a run's order can be repeated).")
    Long seed;

    @Option(names = "--quick", description = "2 rounds of shorter runs at sizes 32, 64 and 4096: indicative only " +
        "(the README's figures are from the default 5 rounds).")
    boolean quick;

    @Option(names = "--latency", description = "Latency mode: send at --rate, print p50/p99/p99.9/max of one-way latency.")
    boolean latency;

    @Option(names = "--rate", defaultValue = "100000", description = "Latency mode: records per second (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--chart", paramLabel = "PATH",
        description = "Also draw a PNG chart: a panel per size, msg/s by transport with the min-max range over rounds; " +
            "with --latency the latency percentiles (and the msg/s chart beside it as NAME-throughput.png).")
    Path chart;

    @Option(names = "--csv", paramLabel = "PATH",
        description = "Also write transport,size,msg_per_s,min,max,mb_per_s,ratio_to_mmipc per row.")
    Path csv;

    private final Map<String, List<long[]>> latencies = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private String memcpy;
    private String stalls;
    private Handoff.Result handoff;

    public static void main(final String[] args)
    {
        System.exit(Daemon.run(new BenchMain(), args));
    }

    /** The suffix of a row run with the producer's working window ({@code mmipc-futex:64m-window}), off by default. */
    static final String WINDOW = "-window";

    /**
     * @return the transport's name without a ring size or variant ({@code mmipc-futex:4m-window} is
     *         {@code mmipc-futex}).
     */
    static String baseName(final String transport)
    {
        final int colon = transport.indexOf(':');
        final String name = colon < 0 ? transport : transport.substring(0, colon);
        return name.endsWith(WINDOW) ? name.substring(0, name.length() - WINDOW.length()) : name;
    }

    /**
     * @return the ring bytes a transport runs with: its own ({@code :4m}) or --capacity; 0 for the
     *         pipe, the sockets and Chronicle's journal, which have no ring to lap (so no lap to warm
     *         up and no three laps to send).
     */
    int ringOf(final String transport)
    {
        final String base = baseName(transport);
        if (!base.startsWith("mmipc") && !"agrona".equals(base) && !"aeron".equals(base))
        {
            return 0;
        }
        final int colon = transport.indexOf(':');
        if (colon < 0)
        {
            return (int)capacity;
        }
        final String size = transport.substring(colon + 1);
        return (int)new io.mmipc.cli.SizeConverter().convert(
            size.endsWith(WINDOW) ? size.substring(0, size.length() - WINDOW.length()) : size).longValue();
    }

    /**
     * @return the JVM flags a transport's two JVMs get beside the project's scripts/jvm.options.
     */
    static List<String> peerFlags(final String transport)
    {
        if (transport.endsWith(WINDOW))
        {
            return List.of("-Dmmipc.window=auto"); // RingWindow.PROPERTY: a window sized from the cache
        }
        return switch (baseName(transport))
        {
            case "chronicle" -> CHRONICLE_FLAGS;
            case "agrona", "aeron" -> List.of(AGRONA_UNCHECKED);
            default -> List.of();
        };
    }

    /**
     * @return records for a latency run (1 or 3 seconds at the rate), or the fixed --count; -1 to let the sizer decide.
     */
    long fixedCount()
    {
        if (count != null)
        {
            return count;
        }
        return latency ? (quick ? rate : rate * 3) : -1;
    }

    @Override
    public Integer call() throws Exception
    {
        if (sizes == null)
        {
            sizes = new ArrayList<>(quick ? QUICK_SIZES : DEFAULT_SIZES);
        }
        if (quick)
        {
            rounds = Math.min(rounds, 2);
        }
        if (transports == null)
        {
            transports = new ArrayList<>(sweepCapacity ? List.of(BASELINE) : KNOWN_TRANSPORTS);
        }
        transports = new ArrayList<>(transports);
        validate();
        if (!transports.contains(BASELINE))
        {
            transports.add(0, BASELINE);
        }
        if (sweepCapacity)
        {
            for (final int mib : SWEEP_MIB)
            {
                transports.add(BASELINE + ":" + mib + "m");
            }
            transports.add(BASELINE + WINDOW);
        }
        final long runSeed = seed != null ? seed : System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L;
        printMachine();
        System.out.println("seed " + runSeed + " (--seed " + runSeed + " repeats this run's order and payload bytes)");
        final Map<String, List<Double>> rates = new LinkedHashMap<>();
        final RunSizer sizer = new RunSizer(quick, rates);
        final Launcher launcher = new Launcher(latency ? rate : 0, notes);
        try
        {
            for (int round = 1; round <= rounds; round++)
            {
                for (final int size : sizes)
                {
                    final List<String> order = RoundOrder.order(transports, runSeed, round, size);
                    System.err.printf(Locale.ROOT, "round %d/%d, %d B, order: %s%n", round, rounds, size,
                        String.join(" ", order));
                    final Map<String, Double> thisRound = new LinkedHashMap<>();
                    for (final String transport : order)
                    {
                        final long started = System.nanoTime();
                        final long records = fixedCount() > 0 ? fixedCount() : sizer.count(transport, size);
                        final Workload work = new Workload(size, records, ringOf(transport), runSeed);
                        final Verification.Outcome outcome = launcher.run(transport, work,
                            fixedCount() > 0 ? 0 : sizer.runNanos());
                        final long[] lastLatency = launcher.lastLatency();
                        thisRound.put(transport, outcome.rate());
                        System.err.printf(Locale.ROOT, "round %d/%d  %-18s %5d B  %,14.0f msg/s  %,12d records verified " +
                                "(%.2f s timed, %.1f s in all)%s%n", round, rounds, transport, size, outcome.rate(), outcome.records(),
                            outcome.timedNanos() / 1e9, (System.nanoTime() - started) / 1e9,
                            latency ? "  latency ns p50/p99/p99.9/max " + java.util.Arrays.toString(lastLatency) : "");
                        if (latency)
                        {
                            latencies.computeIfAbsent(transport + "@" + size, k -> new ArrayList<>()).add(lastLatency);
                        }
                    }
                    // recorded after the round, in the table's order, so round i is index i for every transport
                    for (final String transport : transports)
                    {
                        rates.computeIfAbsent(transport + "@" + size, k -> new ArrayList<>()).add(thisRound.get(transport));
                    }
                }
            }
        }
        catch (final Verification.Failure failure)
        {
            System.out.println();
            System.out.println("VERIFICATION FAILED: " + failure.getMessage());
            System.err.println("bench: VERIFICATION FAILED: " + failure.getMessage());
            return io.mmipc.core.ExitCodes.VERIFICATION_FAILED;
        }
        new Report(this, runSeed, sizer).print(rates, latencies);
        return 0;
    }

    private void validate()
    {
        if (capacity < 64 * 1024 || capacity > 1L << 30 || Long.bitCount(capacity) != 1)
        {
            throw new picocli.CommandLine.TypeConversionException("--capacity must be a power of two from 64k to 1g, not " +
                capacity);
        }
        if (sizes.stream().anyMatch(x -> x < (latency ? 16 : 8)))
        {
            throw new picocli.CommandLine.TypeConversionException("--sizes must be " + (latency ? 16 : 8) + " bytes or " +
                "more: each record carries its sequence" + (latency ? " and its send stamp" : ""));
        }
        for (final String transport : transports)
        {
            if (!KNOWN_TRANSPORTS.contains(baseName(transport)))
            {
                throw new picocli.CommandLine.TypeConversionException("unknown transport '" + transport +
                    "' in --transports; choose from " + String.join(",", KNOWN_TRANSPORTS));
            }
        }
    }

    private void printMachine()
    {
        System.out.println(Machine.cpu());
        System.out.println(Machine.caches());
        memcpy = Memcpy.report();
        System.out.println(memcpy);
        handoff = Handoff.measure(200_000);
        System.out.println(handoff);
        stalls = Hiccups.report(latency ? 2_000_000_000L : 500_000_000L);
        System.out.println(stalls);
    }

    String memcpy()
    {
        return memcpy;
    }

    String stalls()
    {
        return stalls;
    }

    Handoff.Result handoff()
    {
        return handoff;
    }

    Map<String, String> notes()
    {
        return notes;
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
}
