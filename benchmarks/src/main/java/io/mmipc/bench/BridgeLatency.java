package io.mmipc.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code scripts/bench --bridge --latency [--rate R] [--quick] [--count N] [--rounds R]}: one-way
 * latency through the bridges beside TCP over the same veth, at a fixed rate (default
 * {@value #DEFAULT_RATE} msg/s), for 64 B and 4 KiB, in interleaved rounds (who goes first
 * alternates). Both rows are the channel bench's latency runs ({@link Launcher}, {@link Pacing}):
 * the sender stamps each record with the time it was <em>meant</em> to be sent (coordinated
 * omission corrected), the receiver records now minus the stamp in an HdrHistogram after the
 * first tenth of the records, and checks every record's sequence and checksum. Both namespaces
 * share one clock ({@code System.nanoTime()}, CLOCK_MONOTONIC), so one-way latency is exact.
 * <ul>
 * <li>{@code bridge}: the {@code bridge} peers ({@link Peer}): an mmipc producer on host A's
 * channel in A, the consumer on host B's in B, and {@code bridge send}/{@code receive} between
 * ({@link BridgeRun#between}): record to record, through both channels, both bridges and the wire;</li>
 * <li>{@code tcp-veth}: the TCP peers, the receiver bound to B's veth address.</li>
 * </ul>
 * Prints p50/p99/p99.9/max per row and round, and the target "bridge p50 <= TCP p50", met only if
 * every round meets it.
 */
final class BridgeLatency
{
    static final long DEFAULT_RATE = 100_000;
    static final String TARGET = "bridge p50 latency <= TCP's over the same veth";
    private static final String[] PERCENTILES = {"p50", "p99", "p99.9", "max"};

    private final VethPair hosts;
    private final Path root;
    private final int mtu;
    private final long rate;
    private final long count;

    /**
     * @param mtu   the sending bridge's --mtu.
     * @param rate  records per second.
     * @param count records per run.
     */
    BridgeLatency(final VethPair hosts, final Path root, final int mtu, final long rate, final long count)
    {
        this.hosts = hosts;
        this.root = root;
        this.mtu = mtu;
        this.rate = rate;
        this.count = count;
    }

    void run(final int rounds, final PrintStream out) throws Exception
    {
        final int sizes = BridgeBench.SIZES.length;
        final int rows = BridgeBench.ROWS.length;
        final long[][][][] ns = new long[sizes][rows][rounds][];
        final Map<String, String> notes = new LinkedHashMap<>();
        final Launcher.Hosts peers = new Launcher.Hosts(VethPair.in(hosts.b), VethPair.in(hosts.a),
            List.of("-D" + StreamPeer.TCP_HOST_PROPERTY + "=" + VethPair.ADDRESS_B));
        final Launcher bridge = new Launcher(rate, notes, peers, new BridgeRun(root, hosts, mtu).between(40_300));
        final Launcher tcp = new Launcher(rate, notes, peers);
        final SplittableRandom seeds = new SplittableRandom();
        out.printf(Locale.ROOT, "latency at %,d msg/s, %,d records per run (the first tenth warms up)%n", rate, count);
        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < sizes; s++)
            {
                final int size = BridgeBench.SIZES[s];
                for (int k = 0; k < rows; k++)
                {
                    final int row = (k + round) % rows; // who goes first alternates by round
                    final Launcher launcher = row == 0 ? bridge : tcp;
                    final Verification.Outcome outcome = launcher.run(row == 0 ? "bridge" : "tcp",
                        new Workload(size, count, row == 0 ? BridgeRun.RING : 0, seeds.nextLong()), 0);
                    ns[s][row][round] = launcher.lastLatency();
                    out.printf(Locale.ROOT, "round %d %-8s %4d B: %,d records verified, latency ns p50 %,d p99 %,d " +
                        "p99.9 %,d max %,d%n", round + 1, BridgeBench.ROWS[row], size, outcome.records(),
                        ns[s][row][round][0], ns[s][row][round][1], ns[s][row][round][2], ns[s][row][round][3]);
                }
            }
        }
        notes.forEach((transport, note) -> out.println("NOTE " + note));
        print(ns, rounds, out);
    }

    private void print(final long[][][][] ns, final int rounds, final PrintStream out)
    {
        out.println();
        out.printf(Locale.ROOT, "%-10s %6s %6s", "row", "size", "");
        for (int r = 0; r < rounds; r++)
        {
            out.printf(Locale.ROOT, " %14s", "round " + (r + 1) + " ns");
        }
        out.println();
        final List<String> targets = new ArrayList<>();
        for (int s = 0; s < BridgeBench.SIZES.length; s++)
        {
            for (int row = 0; row < BridgeBench.ROWS.length; row++)
            {
                for (int p = 0; p < PERCENTILES.length; p++)
                {
                    out.printf(Locale.ROOT, "%-10s %6d %6s", BridgeBench.ROWS[row], BridgeBench.SIZES[s], PERCENTILES[p]);
                    for (int r = 0; r < rounds; r++)
                    {
                        out.printf(Locale.ROOT, " %,14d", ns[s][row][r][p]);
                    }
                    out.println();
                }
            }
            boolean met = rounds > 0;
            final StringBuilder each = new StringBuilder();
            for (int r = 0; r < rounds; r++)
            {
                met &= ns[s][0][r][0] <= ns[s][1][r][0];
                each.append(String.format(Locale.ROOT, " %,d/%,d", ns[s][0][r][0], ns[s][1][r][0]));
            }
            targets.add(String.format(Locale.ROOT, "  %-52s %s (bridge/TCP p50 ns per round:%s)",
                TARGET + ", " + BridgeBench.SIZES[s] + " B", met ? "met" : "NOT met", each));
        }
        out.println();
        out.println("one-way latency, record stamped by the sender with its due time (coordinated omission corrected), " +
            "read by the receiver; every record checked");
        out.println("Targets:");
        targets.forEach(out::println);
    }
}
