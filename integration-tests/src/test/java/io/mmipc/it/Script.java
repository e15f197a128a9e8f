package io.mmipc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A daemon started as its own JVM through the same script a user runs ({@code scripts/producer},
 * {@code scripts/consumer}), with its channel folder, stdout and stderr under a test's temporary
 * folder. The scripts {@code exec} the JVM, so the process's pid is the JVM's: signals sent to it
 * reach the daemon's handlers.
 */
final class Script implements AutoCloseable
{
    static final Path ROOT = Path.of(System.getProperty("mmipc.root", "..")).toAbsolutePath().normalize();
    private static final Pattern THROUGHPUT =
        Pattern.compile("(produced|consumed) (\\d+) records, (\\d+) bytes in ([0-9.]+) s(: (\\d+) msg/s)?");

    private final String name;
    private final Process process;
    private final Path stderr;
    private final Path stdout;

    private Script(final String name, final Process process, final Path stdout, final Path stderr)
    {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code scripts/<script> args...} with {@code MMIPC_DIR=channelDir}.
     *
     * @param work  a folder for its output files.
     * @param stdin file to feed its standard input, or null for none.
     */
    static Script start(final Path work, final Path channelDir, final Path stdin, final String script,
        final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        return start(work, channelDir, stdin, script, command);
    }

    /**
     * Starts {@code scripts/<script> args...} through {@code bash -c shell}, which runs first (e.g. a
     * {@code ulimit}) and must end with {@code exec "$@"}.
     */
    static Script startUnder(final Path work, final Path channelDir, final String shell, final String script,
        final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("bash", "-c", shell, "bash"));
        command.add(ROOT.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        return start(work, channelDir, null, script, command);
    }

    /**
     * Starts {@code scripts/<script> args...} with extra environment variables (e.g.
     * {@code MMIPC_JAVA_OPTS}).
     */
    static Script startWithEnv(final Path work, final Path channelDir, final java.util.Map<String, String> env,
        final String script, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        return start(work, channelDir, null, script, command, env);
    }

    private static Script start(final Path work, final Path channelDir, final Path stdin, final String script,
        final List<String> command) throws IOException
    {
        return start(work, channelDir, stdin, script, command, java.util.Map.of());
    }

    private static Script start(final Path work, final Path channelDir, final Path stdin, final String script,
        final List<String> command, final java.util.Map<String, String> env) throws IOException
    {
        final String tag = script + "-" + System.nanoTime();
        final Path out = work.resolve(tag + ".out");
        final Path err = work.resolve(tag + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) :
            ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.environment().put("MMIPC_DIR", channelDir.toString());
        builder.environment().put("MMIPC_NO_BUILD", "1");
        builder.environment().putAll(env);
        return new Script(script, builder.start(), out, err);
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Waits for the exit, failing the test (with the daemon's stderr) if it takes longer.
     *
     * @return the exit code.
     */
    int waitFor(final long seconds) throws InterruptedException
    {
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail(name + " did not exit within " + seconds + " s; its stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /**
     * Sends a signal with kill(1), e.g. "TERM", "INT", "USR1", "KILL".
     */
    void signal(final String signal) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0)
        {
            fail("kill -" + signal + " " + pid() + " failed");
        }
    }

    String stderr()
    {
        try
        {
            return Files.readString(stderr);
        }
        catch (final IOException ex)
        {
            return "(no stderr: " + ex + ")";
        }
    }

    Path stdoutFile()
    {
        return stdout;
    }

    /**
     * @return the record count of the daemon's throughput line, failing the test if there is none.
     */
    long records()
    {
        final Matcher m = THROUGHPUT.matcher(stderr());
        if (!m.find())
        {
            fail(name + " printed no throughput line; its stderr:\n" + stderr());
        }
        return Long.parseLong(m.group(2));
    }

    /**
     * @return the seconds of the daemon's throughput line, failing the test if there is none.
     */
    double seconds()
    {
        final Matcher m = THROUGHPUT.matcher(stderr());
        if (!m.find())
        {
            fail(name + " printed no throughput line; its stderr:\n" + stderr());
        }
        return Double.parseDouble(m.group(4));
    }

    /**
     * @return the daemon's throughput line.
     */
    String throughputLine()
    {
        for (final String line : stderr().split("\n"))
        {
            if (THROUGHPUT.matcher(line).find())
            {
                return line;
            }
        }
        return fail(name + " printed no throughput line; its stderr:\n" + stderr());
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
        }
    }
}
