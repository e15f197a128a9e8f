package io.mmipc.core.model;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the SPIN models in {@code src/main/spin} (see the README there): the protocol as built must
 * verify with no error, and each variant that reverts a fix must be caught, which proves the model
 * can fail. Needs {@code spin} and {@code gcc}: {@code scripts/test} installs them when it runs as
 * root; without them the test fails, or is skipped (saying why) only when not running as root.
 *
 * <p>{@code -Dmmipc.spin.records=3} checks the channel with three records instead of two (about
 * 24 million states, a minute and 1.3 GB instead of 6 million, 10-30 s and 550 MB).
 */
class SpinModelTest
{
    private static final Path MODELS = Path.of("src", "main", "spin");
    private static final int RECORDS = Integer.getInteger("mmipc.spin.records", 2);
    private static final long TIMEOUT_SECONDS = 600;

    @TempDir
    Path work;

    @BeforeAll
    static void toolsPresent()
    {
        final List<String> missing = new ArrayList<>();
        for (final String tool : List.of("spin", "gcc"))
        {
            if (!onPath(tool))
            {
                missing.add(tool);
            }
        }
        if (missing.isEmpty())
        {
            return;
        }
        final String message = "the SPIN model check needs " + missing + " on the PATH; scripts/test installs them " +
            "with apt-get when run as root (or run: apt-get install -y spin gcc)";
        if ("root".equals(System.getProperty("user.name")))
        {
            fail(message);
        }
        System.out.println("SpinModelTest skipped: not root, so nothing could install them: " + message);
        Assumptions.abort(message);
    }

    @Test
    void channelModelKeepsTheInvariantAndExactlyOnceDeliveryThroughCrashesAndRestarts() throws Exception
    {
        final Result result = verify("channel.pml", List.of("-DNREC=" + RECORDS), List.of("-DSAFETY", "-DCOLLAPSE"), List.of());
        assertEquals(0, result.errors, result.describe());
        assertTrue(result.statesStored > 1_000_000, "the model explored too little to mean anything: " + result.describe());
    }

    @Test
    void channelModelFindsTheOldRecoveryRaceOfIssue16Item1() throws Exception
    {
        final Result result = verify("channel.pml", List.of("-DNREC=" + RECORDS, "-DOLD_RECOVERY"),
            List.of("-DSAFETY", "-DCOLLAPSE"), List.of());
        assertTrue(result.errors > 0, result.describe());
        assertTrue(result.output.contains("assertion violated"), "expected the invariant to break: " + result.describe());
    }

    @Test
    void channelModelFindsTheDeadlockOfARecoveryThatWaitsForAParkedPeer() throws Exception
    {
        final Result result = verify("channel.pml", List.of("-DNREC=" + RECORDS, "-DOUTSIDE_ONLY"),
            List.of("-DSAFETY", "-DCOLLAPSE"), List.of());
        assertTrue(result.errors > 0, result.describe());
        assertTrue(result.output.contains("invalid end state"), "expected a deadlock: " + result.describe());
    }

    @Test
    void channelModelFindsAConsumerParkedForeverWhenRecoveryDoesNotWakeIt() throws Exception
    {
        final Result result = verify("channel.pml", List.of("-DNREC=" + RECORDS, "-DNO_RECOVERY_WAKE"),
            List.of("-DSAFETY", "-DCOLLAPSE"), List.of());
        assertTrue(result.errors > 0, result.describe());
        assertTrue(result.output.contains("invalid end state"), "expected a waiter asleep for ever: " + result.describe());
    }

    @Test
    void futexWakeUpLosesNoWakeUpAndWakesAParkedWaiterUnderWeakFairness() throws Exception
    {
        assertWakeUpCorrect(List.of());
    }

    @Test
    void signalWakeUpLosesNoWakeUpAndWakesAParkedWaiterUnderWeakFairness() throws Exception
    {
        assertWakeUpCorrect(List.of("-DSIGNAL"));
    }

    @Test
    void oldSignalWakeUpThatRegisteredTheThreadLateIsCaughtLosingAWakeUp() throws Exception
    {
        final List<String> old = List.of("-DSIGNAL", "-DOLD_SIGNAL");
        final Result safety = verify("wakeup.pml", old, List.of("-DSAFETY", "-DNOCLAIM"), List.of());
        assertTrue(safety.errors > 0 && safety.output.contains("invalid end state"), safety.describe());
        final Result liveness = verify("wakeup.pml", old, List.of(), List.of("-a", "-f", "-N", "woken"));
        assertTrue(liveness.errors > 0 && liveness.output.contains("acceptance cycle"), liveness.describe());
    }

    private void assertWakeUpCorrect(final List<String> defines) throws Exception
    {
        final Result safety = verify("wakeup.pml", defines, List.of("-DSAFETY", "-DNOCLAIM"), List.of());
        assertEquals(0, safety.errors, safety.describe());
        final Result liveness = verify("wakeup.pml", defines, List.of(), List.of("-a", "-f", "-N", "woken"));
        assertEquals(0, liveness.errors, liveness.describe());
        assertTrue(liveness.output.contains("(fairness enabled)"),
            "expected an acceptance-cycle search under weak fairness: " + liveness.describe());
    }

    /**
     * spin -a, gcc, ./pan in a scratch directory; prints the result line.
     */
    private Result verify(final String model, final List<String> defines, final List<String> ccDefines,
        final List<String> panArgs) throws Exception
    {
        final Path source = MODELS.resolve(model);
        assertTrue(Files.isRegularFile(source), "no model at " + source.toAbsolutePath());
        final Path dir = Files.createTempDirectory(work, model.replace(".pml", "") + "-");
        Files.copy(source, dir.resolve(model));

        final List<String> spin = new ArrayList<>(List.of("spin"));
        spin.addAll(defines);
        spin.addAll(List.of("-a", model));
        run(dir, spin);

        final List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-DMEMLIM=2048"));
        gcc.addAll(ccDefines);
        gcc.addAll(List.of("-o", "pan", "pan.c"));
        run(dir, gcc);

        final List<String> pan = new ArrayList<>(List.of("./pan", "-m400000"));
        pan.addAll(panArgs);
        final long start = System.nanoTime();
        final String output = run(dir, pan);
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        final Result result = new Result(model + " " + defines, output, millis);
        System.out.println("SPIN " + result.describe());
        return result;
    }

    private static String run(final Path dir, final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        final String text = new String(out);
        // pan exits 0 whether or not it found errors; spin and gcc fail with a non-zero status
        if (process.exitValue() != 0 && !command.getFirst().equals("./pan"))
        {
            fail(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    private static boolean onPath(final String tool)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String dir : path.split(java.io.File.pathSeparator))
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return true;
            }
        }
        return false;
    }

    private static final class Result
    {
        private static final Pattern ERRORS = Pattern.compile("errors: (\\d+)");
        private static final Pattern STORED = Pattern.compile("(\\d+) states, stored");
        private static final Pattern TRANSITIONS = Pattern.compile("(\\d+) transitions");
        private static final Pattern FIRST_ERROR = Pattern.compile("pan:1: ([^\\n]*)");

        final String what;
        final String output;
        final long millis;
        final int errors;
        final long statesStored;

        Result(final String what, final String output, final long millis)
        {
            this.what = what;
            this.output = output;
            this.millis = millis;
            final Matcher errors = ERRORS.matcher(output);
            if (!errors.find())
            {
                fail(what + ": pan printed no result line (out of memory or killed?):\n" + output);
            }
            this.errors = Integer.parseInt(errors.group(1));
            final Matcher stored = STORED.matcher(output);
            this.statesStored = stored.find() ? Long.parseLong(stored.group(1)) : -1;
        }

        String describe()
        {
            final Matcher transitions = TRANSITIONS.matcher(output);
            final Matcher first = FIRST_ERROR.matcher(output);
            final String firstError = first.find() ? ", first: " + first.group(1) : "";
            return what + ": errors: " + errors + ", " + statesStored + " states stored, " +
                (transitions.find() ? transitions.group(1) : "?") + " transitions, " + millis + " ms" +
                (firstError.length() > 160 ? firstError.substring(0, 160) + "..." : firstError);
        }
    }
}
