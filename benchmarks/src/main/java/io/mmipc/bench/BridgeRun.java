package io.mmipc.bench;

import io.mmipc.core.bridge.BridgeStatusDescriptor;
import io.mmipc.core.bridge.BridgeStatusFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bridges of a bridge row's run, as a user runs them on two hosts (the flags of BridgeIT):
 * {@code scripts/bridge send} in namespace A and {@code scripts/bridge receive} in B, each host
 * with its own MMIPC_DIR, between the bench's own peers ({@link Peer}'s {@code bridge} transport),
 * which the {@link Launcher} runs and verifies as it does every transport's. The run counts only
 * if both bridges exit 0 (END_OF_STREAM crossed and acknowledged).
 */
final class BridgeRun
{
    /** The channel's name on both hosts. */
    static final String CHANNEL = "c";
    /** Host A's MMIPC_DIR under a run's folder. */
    static final String HOST_A = "host-a";
    /** Host B's MMIPC_DIR under a run's folder. */
    static final String HOST_B = "host-b";
    /** Both hosts' channel capacity, in bytes: the peers' ring (Workload#ring) in the bench's runs. */
    static final int RING = 8 << 20;
    private static final long FINISH_SECONDS = 120;

    private final Path scripts;
    private final VethPair hosts;
    private final int mtu;

    /**
     * @param root  the project's checkout, whose scripts/ run the tools (their jars built).
     * @param hosts the two namespaces.
     * @param mtu   the sending bridge's --mtu.
     */
    BridgeRun(final Path root, final VethPair hosts, final int mtu)
    {
        this.scripts = root.resolve("scripts");
        this.hosts = hosts;
        this.mtu = mtu;
    }

    /**
     * The bridges alone, for a run of the bench's own peers (latency: {@link Peer}'s {@code bridge}
     * transport writes host A's channel in A and reads host B's in B): {@code bridge receive} in B
     * and {@code bridge send} in A, each host's MMIPC_DIR under the run's folder, a fresh UDP port
     * per run. Closing waits for both to exit 0 (the stream's END crossed) or fails the run.
     *
     * @param firstPort the first run's port; each run takes the next.
     */
    Launcher.Between between(final int firstPort)
    {
        final int[] port = {firstPort};
        return (place, workload) ->
        {
            final Path sideA = Files.createDirectories(place.resolve(HOST_A));
            final Path sideB = Files.createDirectories(place.resolve(HOST_B));
            final String capacity = Integer.toString(workload.ring());
            final int p = port[0]++;
            final List<Tool> started = new ArrayList<>();
            start(started, place, hosts.b, sideB, "bridge", "receive", "--channel", CHANNEL, "--capacity", capacity,
                "--local", VethPair.ADDRESS_B + ":" + p, "--remote", VethPair.ADDRESS_A + ":" + p);
            final Tool send = start(started, place, hosts.a, sideA, "bridge", "send", "--channel", CHANNEL, "--capacity",
                capacity, "--local", VethPair.ADDRESS_A + ":" + p, "--remote", VethPair.ADDRESS_B + ":" + p,
                "--mtu", Integer.toString(mtu));
            awaitConnected(sideA.resolve(BridgeStatusDescriptor.fileName(CHANNEL + ".mmipc", BridgeStatusDescriptor.SEND)),
                send, started);
            return () ->
            {
                try
                {
                    for (final Tool tool : started)
                    {
                        tool.finish(workload.size());
                    }
                }
                finally
                {
                    for (final Tool tool : started)
                    {
                        tool.process.destroyForcibly();
                    }
                }
            };
        };
    }

    /**
     * Waits until the sending bridge says it is connected: a latency run's clock must not start while
     * the bridges are still starting (every record behind the first would count the wait).
     */
    private static void awaitConnected(final Path status, final Tool send, final List<Tool> started)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0)
        {
            final BridgeStatusFile file = BridgeStatusFile.read(status);
            if (file != null)
            {
                try (file)
                {
                    if (file.connected())
                    {
                        return;
                    }
                }
            }
            if (!send.process.isAlive())
            {
                break;
            }
            Thread.sleep(10);
        }
        started.forEach(tool -> tool.process.destroyForcibly());
        throw new Verification.Failure("the bridges did not connect within 60 s: " + send.lastLine());
    }

    private Tool start(final List<Tool> started, final Path work, final String ns, final Path side,
        final String script, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(VethPair.in(ns));
        command.add(scripts.resolve(script).toString());
        command.addAll(List.of(args));
        final Path err = work.resolve(started.size() + "-" + script + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(work.resolve(started.size() + "-" + script + ".out").toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("MMIPC_DIR", side.toString());
        builder.environment().put("MMIPC_NO_BUILD", "1"); // scripts/bench built the jars once, up front
        final Tool tool = new Tool(String.join(" ", args.length > 0 && "bridge".equals(script) ?
            List.of(script, args[0]) : List.of(script)) + " in " + ns, builder.start(), err);
        started.add(tool);
        return tool;
    }

    /** A started tool: its name for messages, its process, its stderr file. */
    private record Tool(String name, Process process, Path err)
    {
        void finish(final int size) throws InterruptedException
        {
            if (!process.waitFor(FINISH_SECONDS, TimeUnit.SECONDS))
            {
                throw new Verification.Failure("bridge " + size + " B: " + name + " did not finish within " +
                    FINISH_SECONDS + " s; its stderr: " + lastLine());
            }
            if (process.exitValue() != 0)
            {
                throw new Verification.Failure("bridge " + size + " B: " + name + " exited " + process.exitValue() +
                    ": " + lastLine());
            }
        }

        String lastLine()
        {
            try
            {
                final String[] lines = Files.readString(err).strip().split("\n");
                return lines[lines.length - 1];
            }
            catch (final IOException ex)
            {
                return "(cannot read " + err + ": " + ex.getMessage() + ")";
            }
        }
    }
}
