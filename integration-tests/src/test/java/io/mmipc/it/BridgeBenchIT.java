package io.mmipc.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scripts/bench --bridge} runs end to end (the bench jar as its own JVM, as the script starts
 * it, with a small count): every bridge and TCP run over the veth pair is verified, the table and the
 * target are printed, and the network namespaces it made are gone afterwards. Skips where namespaces
 * cannot be made (the bench itself then prints why and exits 0).
 */
class BridgeBenchIT
{
    private static final int COUNT = 20_000;
    private static final Pattern ROW = Pattern.compile("(?m)^(bridge|tcp-veth|ratio) +(64|4096)((?: +[0-9.,]+x?){2})$");

    @Test
    void quickBridgeBenchVerifiesEveryRunAndPrintsTheTableTheRatiosAndTheTarget() throws Exception
    {
        final String output = runBench("--quick", "--count", Integer.toString(COUNT));
        for (final String row : List.of("bridge", "tcp-veth"))
        {
            for (final int size : new int[] {64, 4096})
            {
                for (int round = 1; round <= 2; round++)
                {
                    assertTrue(Pattern.compile("(?m)^round " + round + " " + row + " +" + size + " B: 20,000 records " +
                        "verified, [0-9,]+ msg/s$").matcher(output).find(), row + " " + size + " B round " + round +
                        " verified:\n" + output);
                }
            }
        }
        final Matcher rows = ROW.matcher(output);
        int found = 0;
        while (rows.find())
        {
            found++;
        }
        assertEquals(6, found, "bridge, tcp-veth and ratio rows for 64 B and 4 KiB, two rounds each:\n" + output);
        for (final int size : new int[] {64, 4096})
        {
            assertTrue(Pattern.compile("bridge >= 0\\.8x TCP over the same veth, " + size + " B +(met|NOT met) " +
                "\\(bridge/TCP per round: [0-9.]+x [0-9.]+x\\)").matcher(output).find(), "the target line:\n" + output);
        }
    }

    @Test
    void latencyBridgeBenchVerifiesEveryRunAndPrintsPercentilesAndThePFiftyTarget() throws Exception
    {
        final String output = runBench("--latency", "--rate", "20000", "--count", Integer.toString(COUNT), "--rounds", "1");
        for (final String row : List.of("bridge", "tcp-veth"))
        {
            for (final int size : new int[] {64, 4096})
            {
                assertTrue(Pattern.compile("(?m)^round 1 " + row + " +" + size + " B: 20,000 records verified, " +
                    "latency ns p50 [0-9,]+ p99 [0-9,]+ p99\\.9 [0-9,]+ max [0-9,]+$").matcher(output).find(),
                    row + " " + size + " B verified, with its percentiles:\n" + output);
                for (final String percentile : List.of("p50", "p99", "p99.9", "max"))
                {
                    assertTrue(Pattern.compile("(?m)^" + row + " +" + size + " +" + Pattern.quote(percentile) +
                        " +[0-9,]+$").matcher(output).find(), "the table's " + row + " " + size + " " + percentile +
                        " row:\n" + output);
                }
            }
        }
        for (final int size : new int[] {64, 4096})
        {
            assertTrue(Pattern.compile("bridge p50 latency <= TCP's over the same veth, " + size + " B +(met|NOT met) " +
                "\\(bridge/TCP p50 ns per round: [0-9,]+/[0-9,]+\\)").matcher(output).find(), "the target line:\n" + output);
        }
    }

    /** Runs the bench's jar as scripts/bench --bridge does; skips the test if the bench could not make namespaces. */
    private static String runBench(final String... args) throws Exception
    {
        final Path jar = Script.ROOT.resolve("benchmarks/target/mmipc-bench.jar");
        assertTrue(Files.exists(jar), "the benchmarks module packages " + jar + " before the integration tests");
        final Path options = Script.ROOT.resolve("scripts/jvm.options");
        final List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
            "java").toString(), "@" + options, "-Dmmipc.jvm.options=" + options, "-Dmmipc.root=" + Script.ROOT, "-cp",
            jar.toString(), "io.mmipc.bench.BridgeBench"));
        command.addAll(List.of(args));
        final Process bench = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output;
        try
        {
            output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(bench.waitFor(90, TimeUnit.SECONDS), "the bench did not finish within 90 s");
        }
        finally
        {
            bench.destroyForcibly();
        }
        Assumptions.assumeFalse(output.contains("bridge bench skipped"), output);
        assertEquals(0, bench.exitValue(), output);
        assertFalse(namespaces().contains("mmipcb-" + bench.pid() % 1_000_000 + "-"),
            "the bench removed its namespaces: " + namespaces());
        return output;
    }

    private static String namespaces() throws IOException, InterruptedException
    {
        final Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        final String text = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor(10, TimeUnit.SECONDS);
        return text;
    }
}
