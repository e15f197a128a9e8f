package io.mmipc.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts one run's two JVMs ({@link Peer}), each with the project's {@code scripts/jvm.options}
 * and its own transport's flags only ({@link BenchMain#peerFlags}), in a fresh folder under
 * /dev/shm, waits for both and hands their output to {@link Verification}.
 */
final class Launcher
{
    private final long latencyRate;
    private final Map<String, String> notes;
    private final Hosts hosts;
    private final Between between;
    private long[] lastLatency;

    /**
     * Processes that carry a run's records between its two peers ({@link BridgeRun#between}: the
     * bridges), started in the run's folder before the peers; closing waits for them to finish and
     * throws {@link Verification.Failure} if one failed.
     */
    interface Between
    {
        AutoCloseable start(Path place, Workload work) throws IOException, InterruptedException;
    }

    /**
     * Where the two peers run: each JVM's command line starts with its prefix (e.g.
     * {@code ip netns exec NS}) and both get {@code flags} beside their transport's own.
     *
     * @param receiver prefix of the receiver's command, empty for this host.
     * @param sender   prefix of the sender's command, empty for this host.
     * @param flags    extra JVM flags of both peers (e.g. {@link StreamPeer#TCP_HOST_PROPERTY}).
     */
    record Hosts(List<String> receiver, List<String> sender, List<String> flags)
    {
        /** Both peers on this machine, as every row of {@link BenchMain} runs. */
        static final Hosts LOCAL = new Hosts(List.of(), List.of(), List.of());
    }

    /**
     * @param latencyRate records per second in latency mode, 0 for throughput.
     * @param notes       where the receivers' setup notes go, one per transport.
     */
    Launcher(final long latencyRate, final Map<String, String> notes)
    {
        this(latencyRate, notes, Hosts.LOCAL);
    }

    /**
     * @param hosts where the peers run ({@link BridgeBench}: in two network namespaces).
     */
    Launcher(final long latencyRate, final Map<String, String> notes, final Hosts hosts)
    {
        this(latencyRate, notes, hosts, null);
    }

    /**
     * @param between what runs between the peers, started before them; null for nothing.
     */
    Launcher(final long latencyRate, final Map<String, String> notes, final Hosts hosts, final Between between)
    {
        this.latencyRate = latencyRate;
        this.notes = notes;
        this.hosts = hosts;
        this.between = between;
    }

    /**
     * @return the last run's p50, p99, p99.9 and max latency in ns (latency mode).
     */
    long[] lastLatency()
    {
        return lastLatency;
    }

    /**
     * One run: a receiver JVM and a sender JVM, started fresh, then the check of what arrived.
     *
     * @return the receiver's timing, verified.
     * @throws Verification.Failure if a record was lost, reordered or corrupted.
     */
    Verification.Outcome run(final String transport, final Workload work, final long runNanos) throws Exception
    {
        final Path place = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") :
            Path.of(System.getProperty("java.io.tmpdir")), "mmipc-bench-");
        try (AutoCloseable middle = between == null ? null : between.start(place, work))
        {
            final List<String> receiver = peer("recv", transport, work, place, runNanos);
            final List<String> sender = peer("send", transport, work, place, runNanos);
            final Path received = place.resolve("received.txt");
            final Path sent = place.resolve("sent.txt");
            final Process recv;
            final Process send;
            if ("pipe".equals(transport))
            {
                final List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder(sender).redirectError(sent.toFile()),
                    new ProcessBuilder(receiver).redirectError(received.toFile())));
                send = pipeline.get(0);
                recv = pipeline.get(1);
            }
            else
            {
                recv = new ProcessBuilder(receiver).redirectError(received.toFile()).start();
                send = new ProcessBuilder(sender).redirectError(sent.toFile()).start();
            }
            try
            {
                if (!recv.waitFor(300, TimeUnit.SECONDS) || !send.waitFor(60, TimeUnit.SECONDS))
                {
                    throw new Verification.Failure(transport + " " + work.size() + " B did not finish within 5 minutes; " +
                        "receiver: " + String.join(" | ", lines(received)) + "; sender: " + String.join(" | ", lines(sent)));
                }
                final List<String> receiverLines = lines(received);
                receiverLines.stream().filter(l -> l.startsWith("NOTE ")).forEach(l -> notes.putIfAbsent(BenchMain.baseName(transport),
                    l.substring(5))); // "uds: SO_RCVBUF ...": printed once under the table
                if (latencyRate > 0)
                {
                    final String[] l = receiverLines.stream().filter(x -> x.startsWith("LATENCY ")).findFirst()
                        .orElseThrow(() -> new Verification.Failure(transport + " printed no LATENCY line: " +
                            String.join(" | ", receiverLines))).split(" ");
                    lastLatency = new long[] {Long.parseLong(l[1]), Long.parseLong(l[2]), Long.parseLong(l[3]),
                        Long.parseLong(l[4])};
                }
                return Verification.check(transport, work, receiverLines, lines(sent));
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

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }
        catch (final IOException ex)
        {
            return List.of(ex.toString());
        }
    }

    private List<String> peer(final String side, final String transport, final Workload work, final Path place,
        final long runNanos)
    {
        final List<String> command = new ArrayList<>("send".equals(side) ? hosts.sender() : hosts.receiver());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + System.getProperty("mmipc.jvm.options", "scripts/jvm.options"));
        command.addAll(BenchMain.peerFlags(transport));
        command.addAll(hosts.flags());
        final String corrupt = System.getProperty(Workload.CORRUPT_PROPERTY);
        if (corrupt != null && "send".equals(side))
        {
            command.add("-D" + Workload.CORRUPT_PROPERTY + "=" + corrupt); // the test hook, on the sender only
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Peer.class.getName(), side,
            BenchMain.baseName(transport), Integer.toString(work.size()), Long.toString(work.count()), place.toString(),
            Long.toString(latencyRate), Integer.toString(work.ring()), Long.toString(work.seed()),
            Long.toString(runNanos)));
        return command;
    }
}
