package io.mmipc.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The distribution works on its own: {@code scripts/dist} builds the tarball, which is unpacked into
 * an empty folder and used with no Maven and no source tree: {@code bin/ipc --version}, a mailbox
 * round trip, a verified producer to consumer run, completion and man pages. Prints the start-up of
 * {@code ipc --version}, {@code ipc send} (the plain form, which skips Picocli) and {@code ipc send}
 * with an option (through Picocli) beside a hello-world JVM's, measured in the same run.
 */
class DistIT
{
    @TempDir
    Path work;

    private record Run(int code, String out, long millis)
    {
    }

    private Run run(final Path dir, final List<String> command) throws Exception
    {
        return run(dir, command, java.util.Map.of());
    }

    private Run run(final Path dir, final List<String> command, final java.util.Map<String, String> env) throws Exception
    {
        final Path out = Files.createTempFile(work, "out", ".txt");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile());
        builder.environment().put("MMIPC_DIR", work.resolve("channels").toString());
        builder.environment().remove("MMIPC_NO_BUILD");
        builder.environment().putAll(env);
        final long start = System.nanoTime();
        final Process p = builder.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", command) + " did not finish in 300 s");
        return new Run(p.exitValue(), Files.readString(out), (System.nanoTime() - start) / 1_000_000);
    }

    private Run bin(final Path home, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(args[0]).toString());
        command.addAll(List.of(args).subList(1, args.length));
        return run(work, command);
    }

    @Test
    void theUnpackedDistributionRunsWithoutMavenOrTheSourceTree() throws Exception
    {
        final Run built = run(Script.ROOT, List.of("bash", Script.ROOT.resolve("scripts/dist").toString(), "--no-build"));
        assertEquals(0, built.code(), built.out());
        final Path tarball = Path.of(built.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(Files.isRegularFile(tarball), built.out());
        final Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        assertEquals(0, run(unpacked, List.of("tar", "xzf", tarball.toString())).code());
        final Path home;
        try (var entries = Files.list(unpacked))
        {
            home = entries.findFirst().orElseThrow();
        }

        final Run version = bin(home, "ipc", "--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().contains("0.1.0"), version.out());

        assertEquals(0, bin(home, "ipc", "mailbox", "create", "jobs").code());
        final Run send = bin(home, "ipc", "send", "jobs", "hello from the tarball");
        assertEquals(0, send.code(), send.out());
        final Run recv = bin(home, "ipc", "recv", "jobs", "--timeout", "5s");
        assertEquals(0, recv.code(), recv.out());
        assertTrue(recv.out().contains("hello from the tarball"), recv.out());

        final Run produced = bin(home, "producer", "--channel", "d", "--count", "5000", "--capacity", "1m");
        assertEquals(0, produced.code(), produced.out());
        final Run consumed = bin(home, "consumer", "--channel", "d", "--sink", "verify", "--capacity", "1m");
        assertEquals(0, consumed.code(), consumed.out());
        assertTrue(consumed.out().contains("consumed 5000 records"), consumed.out());

        assertTrue(Files.isRegularFile(home.resolve("share/bash-completion/completions/ipc")));
        assertTrue(Files.readString(home.resolve("share/bash-completion/completions/ipc")).contains("complete"));
        try (var pages = Files.list(home.resolve("share/man/man1")))
        {
            assertTrue(pages.anyMatch(p -> p.getFileName().toString().startsWith("ipc")), "man pages for ipc");
        }
        final Run traced = run(work, List.of(home.resolve("bin/ipc").toString(), "send", "jobs", "traced"),
            java.util.Map.of("MMIPC_JAVA_OPTS", "-Xlog:class+load"));
        assertEquals(0, traced.code(), traced.out());
        assertTrue(traced.out().contains("picocli.CommandLine source: shared objects file"),
            "ipc send takes Picocli's classes from the AOT cache (rewritten from Java 5 bytecode, which a cache " +
            "cannot hold): " + traced.out().lines().filter(l -> l.contains("picocli.CommandLine ")).toList());
        assertTrue(traced.out().contains("io.mmipc.tool.SendCommand source: shared objects file"), "trained on send");
        assertTrue(traced.out().contains("io.mmipc.tool.PlainSend source: shared objects file"),
            "trained on the plain form, which skips Picocli");
        assertFalse(traced.out().contains("__dynamic_proxy__"),
            "the plain send reads no annotation (Picocli's proxies): " + traced.out().lines()
                .filter(l -> l.contains("__dynamic_proxy__")).toList());
        assertFalse(traced.out().contains("DowncallStub"), "and links no downcall (nobody was parked)");
        System.out.println(startUp(home));
    }

    private String startUp(final Path home) throws Exception
    {
        final Path hello = Files.createDirectories(work.resolve("hello"));
        Files.writeString(hello.resolve("Hello.java"), "public class Hello { public static void main(String[] a) { } }");
        final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(0, run(hello, List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
            "Hello.java")).code());
        final int runs = 5;
        final long[] helloMs = new long[runs];
        final long[] versionMs = new long[runs];
        final long[] sendMs = new long[runs];
        final long[] optionMs = new long[runs];
        for (int i = 0; i < runs; i++)
        {
            helloMs[i] = run(hello, List.of(javaBin, "-cp", ".", "Hello")).millis();
            versionMs[i] = bin(home, "ipc", "--version").millis();
            sendMs[i] = bin(home, "ipc", "send", "jobs", "x").millis();
            optionMs[i] = bin(home, "ipc", "send", "--name", "me", "jobs", "x").millis();
        }
        Arrays.sort(helloMs);
        Arrays.sort(versionMs);
        Arrays.sort(sendMs);
        Arrays.sort(optionMs);
        final int m = runs / 2;
        return "start-up, median of " + runs + " side by side: hello-world JVM " + helloMs[m] + " ms, bin/ipc --version " +
            versionMs[m] + " ms, bin/ipc send --name me (through Picocli) " + optionMs[m] +
            " ms, bin/ipc send (AOT cache) " + sendMs[m] + " ms: " +
            String.format(Locale.ROOT, "%.1f", (double)sendMs[m] / Math.max(1, helloMs[m])) + "x hello world " +
            "(target <= 5x; load average " + String.format(Locale.ROOT, "%.1f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ")";
    }
}
