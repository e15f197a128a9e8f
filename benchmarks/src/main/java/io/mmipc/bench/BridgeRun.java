package io.mmipc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bridge row's run, as a user runs the tools on two hosts (the flags of BridgeIT): in namespace
 * A {@code scripts/producer --source gen} and {@code scripts/bridge send}, in namespace B
 * {@code scripts/bridge receive} and {@code scripts/consumer --sink verify}, each side with its own
 * MMIPC_DIR. The consumer's verify sink checks every record's sequence and checksum (exit 1 at the
 * first gap, duplicate or corrupt record); the run counts only if all four exit 0 and the consumer
 * consumed exactly the records produced. The rate is the consumer's own printed one: records over
 * the time from its first record to its last.
 */
final class BridgeRun
{
    /** The consumer's last line: {@code consumed N records, B bytes in S s: R msg/s, M MB/s}. */
    static final Pattern CONSUMED = Pattern.compile("consumed (\\d+) records, (\\d+) bytes in ([0-9.]+) s: (\\d+) msg/s");

    private static final String CHANNEL = "c";
    private static final String CAPACITY = "8m";
    private static final long FINISH_SECONDS = 120;

    private final Path scripts;
    private final VethPair hosts;

    /**
     * @param root  the project's checkout, whose scripts/ run the tools (their jars built).
     * @param hosts the two namespaces.
     */
    BridgeRun(final Path root, final VethPair hosts)
    {
        this.scripts = root.resolve("scripts");
        this.hosts = hosts;
    }

    /**
     * @param work  a fresh folder for both sides' MMIPC_DIR and the tools' output.
     * @param port  the bridges' UDP port (the same on both addresses).
     * @return the consumer's rate in msg/s, its records all verified.
     * @throws Verification.Failure if a tool failed or the consumer's count differs from {@code count}.
     */
    double run(final Path work, final int size, final long count, final int port) throws IOException,
        InterruptedException
    {
        final Path sideA = Files.createDirectories(work.resolve("host-a"));
        final Path sideB = Files.createDirectories(work.resolve("host-b"));
        final List<Tool> started = new ArrayList<>();
        try
        {
            final Tool consumer = start(started, work, hosts.b, sideB, "consumer", "--channel", CHANNEL,
                "--capacity", CAPACITY, "--sink", "verify");
            final Tool receive = start(started, work, hosts.b, sideB, "bridge", "receive", "--channel", CHANNEL,
                "--capacity", CAPACITY, "--local", VethPair.ADDRESS_B + ":" + port, "--remote", VethPair.ADDRESS_A + ":" + port);
            final Tool send = start(started, work, hosts.a, sideA, "bridge", "send", "--channel", CHANNEL,
                "--capacity", CAPACITY, "--local", VethPair.ADDRESS_A + ":" + port, "--remote", VethPair.ADDRESS_B + ":" + port);
            final Tool producer = start(started, work, hosts.a, sideA, "producer", "--channel", CHANNEL,
                "--capacity", CAPACITY, "--source", "gen", "--count", Long.toString(count), "--size", Integer.toString(size));
            for (final Tool tool : List.of(producer, send, receive, consumer))
            {
                tool.finish(size);
            }
            final String last = consumer.lastLine();
            final Matcher m = CONSUMED.matcher(last);
            if (!m.find() || Long.parseLong(m.group(1)) != count)
            {
                throw new Verification.Failure("bridge " + size + " B: the consumer did not consume exactly " + count +
                    " verified records: " + last);
            }
            return Long.parseLong(m.group(4));
        }
        finally
        {
            for (final Tool tool : started)
            {
                tool.process.descendants().forEach(ProcessHandle::destroyForcibly);
                tool.process.destroyForcibly();
            }
        }
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
