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
 * {@code scripts/bench --bridge [--quick] [--count N] [--rounds R] [--veth-mtu M] [--latency [--rate R]]}:
 * a channel carried
 * between two "hosts" by the bridge beside plain TCP over the same wire. Two network namespaces joined
 * by a veth pair ({@link VethPair}) stand for the hosts, its MTU jumbo frames' 9000 unless
 * {@code --veth-mtu} says otherwise (both rows cross the same link; the bridge's {@code --mtu} is the
 * largest datagram that crosses it unfragmented); for 64 B and 4 KiB records it runs, in interleaved
 * rounds (the row that goes first alternates):
 * <ul>
 * <li>{@code bridge}: the bench's mmipc peers ({@link Peer}, transport {@code bridge}): the sender
 * writes host A's channel in A, {@code bridge send} (A) and {@code bridge receive} (B) carry it
 * ({@link BridgeRun#between}), the receiver reads host B's channel in B;</li>
 * <li>{@code tcp-veth}: the channel bench's TCP peers ({@link StreamPeer}), the receiver in B bound
 * to B's veth address, the sender in A.</li>
 * </ul>
 * Both rows run under the same harness ({@link Launcher}): the rate is the receiver's after the
 * warm-up of the first tenth of the records ({@link Pacing}), every record's sequence and checksum
 * checked ({@link Verification}).
 * It prints every run's verified count, a table of msg/s per row and round, the ratio bridge/TCP
 * per round, and the target "bridge >= 0.8x TCP over the same veth", met only if every round clears
 * it. Without root or {@code ip netns} it says why and exits 0; it removes the namespaces on every
 * way out (a failure, a signal).
 */
public final class BridgeBench
{
    static final double TARGET_RATIO = 0.8;
    static final String TARGET = "bridge >= " + TARGET_RATIO + "x TCP over the same veth";

    static final int[] SIZES = {64, 4096};
    static final String[] ROWS = {"bridge", "tcp-veth"};

    private BridgeBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.exit(run(args, System.out));
    }

    /**
     * @return 0 when every run verified (or the bench was skipped), 1 when a run failed its check.
     */
    static int run(final String[] args, final PrintStream out) throws Exception
    {
        final List<String> list = List.of(args);
        final boolean quick = list.contains("--quick");
        final int rounds = list.contains("--rounds") ? Integer.parseInt(list.get(list.indexOf("--rounds") + 1)) :
            quick ? 2 : 3;
        final long count = list.contains("--count") ? Long.parseLong(list.get(list.indexOf("--count") + 1)) : 0;
        final int mtu = list.contains("--veth-mtu") ? Integer.parseInt(list.get(list.indexOf("--veth-mtu") + 1)) :
            VethPair.JUMBO_MTU;
        final Path root = Path.of(System.getProperty("mmipc.root", ".")).toAbsolutePath();
        final String[] why = new String[1];
        final VethPair hosts = VethPair.create(why, mtu);
        if (hosts == null)
        {
            out.println("bridge bench skipped: " + why[0]);
            return 0;
        }
        final Thread cleanUp = new Thread(hosts::close, "bridge-bench-clean-up"); // on SIGINT/SIGTERM too
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try
        {
            out.printf(Locale.ROOT, "bridge bench: namespaces %s (%s) and %s (%s) joined by a veth pair, MTU %d " +
                "(bridge --mtu %d); %d rounds%n", hosts.a, VethPair.ADDRESS_A, hosts.b, VethPair.ADDRESS_B, mtu,
                VethPair.aeronMtu(mtu), rounds);
            if (list.contains("--latency"))
            {
                final long rate = list.contains("--rate") ? Long.parseLong(list.get(list.indexOf("--rate") + 1)) :
                    BridgeLatency.DEFAULT_RATE;
                new BridgeLatency(hosts, root, VethPair.aeronMtu(mtu), rate, count > 0 ? count : quick ? rate : 3 * rate)
                    .run(rounds, out);
                return 0;
            }
            final double[][][] rates = measure(hosts, root, rounds, count, quick, VethPair.aeronMtu(mtu), out);
            print(rates, rounds, out);
            return 0;
        }
        catch (final Verification.Failure ex)
        {
            out.println("bridge bench FAILED: " + ex.getMessage());
            return 1;
        }
        finally
        {
            hosts.close();
            try
            {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the hook is running or has run: nothing left to remove
            }
        }
    }

    /**
     * @return records per run: 64 B: 5,000,000 (quick 1,000,000); 4 KiB: a tenth of that; or --count for both.
     *         Enough that the bridge row (four processes starting cold) is timed past its warm-up.
     */
    static long records(final int size, final long count, final boolean quick)
    {
        if (count > 0)
        {
            return count;
        }
        final long small = quick ? 1_000_000 : 5_000_000;
        return size <= 64 ? small : small / 10;
    }

    /** @return rates[size][row][round] in msg/s, every run verified. */
    private static double[][][] measure(final VethPair hosts, final Path root, final int rounds, final long count,
        final boolean quick, final int bridgeMtu, final PrintStream out) throws Exception
    {
        final double[][][] rates = new double[SIZES.length][ROWS.length][rounds];
        final Map<String, String> notes = new LinkedHashMap<>();
        final Launcher.Hosts peers = new Launcher.Hosts(VethPair.in(hosts.b), VethPair.in(hosts.a),
            List.of("-D" + StreamPeer.TCP_HOST_PROPERTY + "=" + VethPair.ADDRESS_B));
        final Launcher bridge = new Launcher(0, notes, peers, new BridgeRun(root, hosts, bridgeMtu).between(40_100));
        final Launcher tcp = new Launcher(0, notes, peers);
        final SplittableRandom seeds = new SplittableRandom();
        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < SIZES.length; s++)
            {
                final int size = SIZES[s];
                final long n = records(size, count, quick);
                for (int k = 0; k < ROWS.length; k++)
                {
                    final int row = (k + round) % ROWS.length; // who goes first alternates by round
                    final Verification.Outcome outcome = row == 0 ?
                        bridge.run("bridge", new Workload(size, n, BridgeRun.RING, seeds.nextLong()), 0) :
                        tcp.run("tcp", new Workload(size, n, 0, seeds.nextLong()), 0);
                    rates[s][row][round] = outcome.rate();
                    out.printf(Locale.ROOT, "round %d %-8s %4d B: %,d records verified, %,.0f msg/s%n", round + 1,
                        ROWS[row], size, outcome.records(), rates[s][row][round]);
                }
            }
        }
        notes.forEach((transport, note) -> out.println("NOTE " + note));
        return rates;
    }

    private static void print(final double[][][] rates, final int rounds, final PrintStream out)
    {
        out.println();
        out.printf(Locale.ROOT, "%-10s %6s", "row", "size");
        for (int r = 0; r < rounds; r++)
        {
            out.printf(Locale.ROOT, " %14s", "round " + (r + 1) + " msg/s");
        }
        out.println();
        final List<String> targets = new ArrayList<>();
        for (int s = 0; s < SIZES.length; s++)
        {
            for (int row = 0; row < ROWS.length; row++)
            {
                out.printf(Locale.ROOT, "%-10s %6d", ROWS[row], SIZES[s]);
                for (int r = 0; r < rounds; r++)
                {
                    out.printf(Locale.ROOT, " %,14.0f", rates[s][row][r]);
                }
                out.println();
            }
            out.printf(Locale.ROOT, "%-10s %6d", "ratio", SIZES[s]);
            final double[] ratio = ratios(rates[s][0], rates[s][1]);
            final StringBuilder each = new StringBuilder();
            for (final double x : ratio)
            {
                out.printf(Locale.ROOT, " %13.2fx", x);
                each.append(String.format(Locale.ROOT, " %.2fx", x));
            }
            out.println();
            targets.add(String.format(Locale.ROOT, "  %-44s %s (bridge/TCP per round:%s)", TARGET + ", " + SIZES[s] + " B",
                met(ratio) ? "met" : "NOT met", each));
        }
        out.println();
        out.println("both rows: the receiver's rate after the first tenth of the records (the harness's warm-up), every " +
            "record's sequence and checksum checked");
        out.println("Targets:");
        targets.forEach(out::println);
    }

    /** @return bridge/TCP per round. */
    static double[] ratios(final double[] bridge, final double[] tcp)
    {
        final double[] ratio = new double[bridge.length];
        for (int r = 0; r < ratio.length; r++)
        {
            ratio[r] = bridge[r] / tcp[r];
        }
        return ratio;
    }

    /** @return true only if every round's ratio clears {@link #TARGET_RATIO}: one good round is not the target. */
    static boolean met(final double[] ratios)
    {
        for (final double ratio : ratios)
        {
            if (!(ratio >= TARGET_RATIO)) // a NaN (no rate) does not clear it either
            {
                return false;
            }
        }
        return ratios.length > 0;
    }
}
