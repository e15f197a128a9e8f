package io.mmipc.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The examples run as the README says, in separate JVMs with the project's flags, and every Java
 * snippet in the README compiles: a snippet that stops compiling fails the build.
 */
class ExamplesTest
{
    private static final Path ROOT = Path.of(System.getProperty("mmipc.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Process java(final String main, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + ROOT.resolve("scripts/jvm.options"), "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(dir.resolve(main + System.nanoTime() + ".out").toFile())
            .redirectErrorStream(false)
            .redirectError(dir.resolve(main + System.nanoTime() + ".err").toFile());
        builder.environment().put("MMIPC_DIR", dir.resolve("channels").toString());
        return builder.start();
    }

    private static String output(final Process process, final Path dir, final String prefix) throws Exception
    {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), prefix + " did not finish in 60 s");
        final StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir))
        {
            for (final Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList())
            {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    @Test
    void aWriterAndAReaderInTwoJvmsPassEveryMessageInOrder() throws Exception
    {
        final Process reader = java(ReaderExample.class.getName(), "greetings");
        final Process writer = java(WriterExample.class.getName(), "greetings", "10");
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, writer.exitValue(), output(writer, dir, WriterExample.class.getName()));
        assertTrue(reader.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, reader.exitValue());
        final String printed = output(reader, dir, ReaderExample.class.getName());
        for (int i = 0; i < 10; i++)
        {
            assertTrue(printed.contains(i + " [type 1] hello " + i + "\n"), printed);
        }
    }

    @Test
    void typedTradesCrossFromOneJvmToAnother() throws Exception
    {
        final Process writer = java(TradeExample.class.getName(), "write", "trades");
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, writer.exitValue(), output(writer, dir, TradeExample.class.getName()));
        final Process reader = java(TradeExample.class.getName(), "read", "trades");
        assertTrue(reader.waitFor(60, TimeUnit.SECONDS));
        final String printed = output(reader, dir, TradeExample.class.getName());
        assertEquals(0, reader.exitValue(), printed);
        assertTrue(printed.contains("trade 0: 100 @ 10.25"), printed);
        assertTrue(printed.contains("trade 4: 500 @ 14.25"), printed);
    }

    @Test
    void mailboxWorkersInTwoJvmsDoEveryJobExactlyOnce() throws Exception
    {
        final Process submit = java(WorkerExample.class.getName(), "submit", "jobs", "40", "2");
        assertTrue(submit.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, submit.exitValue(), output(submit, dir, WorkerExample.class.getName()));
        final Process a = java(WorkerExample.class.getName(), "work", "jobs", "a");
        final Process b = java(WorkerExample.class.getName(), "work", "jobs", "b");
        assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue());
        assertEquals(0, b.exitValue());
        final String printed = output(a, dir, WorkerExample.class.getName());
        final java.util.Set<String> jobs = new java.util.HashSet<>();
        for (final String line : printed.lines().filter(l -> l.contains(" did job ")).toList())
        {
            assertTrue(jobs.add(line.replaceAll("^. did (job [0-9]+) .*$", "$1")), "done twice: " + line);
        }
        assertEquals(40, jobs.size(), printed);
        assertTrue(printed.contains("(from submitter, its #0)"), printed);
    }

    @Test
    void aClientGetsTheServersReplyToEachRequestOverInboxes() throws Exception
    {
        final Process server = java(RequestReplyExample.class.getName(), "serve");
        final Process client = java(RequestReplyExample.class.getName(), "ask", "alice", "ping", "hello");
        assertTrue(client.waitFor(60, TimeUnit.SECONDS));
        final String printed = output(client, dir, RequestReplyExample.class.getName());
        assertEquals(0, client.exitValue(), printed);
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stops at bye");
        assertEquals(0, server.exitValue());
        assertTrue(printed.contains("ping -> PING\nhello -> HELLO\n"), printed);
    }

    @Test
    void everyJavaSnippetInTheReadmeCompiles() throws Exception
    {
        final String readme = Files.readString(ROOT.resolve("README.md"));
        final Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        final Pattern className = Pattern.compile("public (?:final )?class (\\w+)");
        final Path sources = Files.createDirectories(dir.resolve("snippets"));
        final List<String> files = new ArrayList<>();
        while (block.find())
        {
            final String code = block.group(1);
            final Matcher name = className.matcher(code);
            assertTrue(name.find(), "a README snippet that is not a complete class:\n" + code);
            final Path file = sources.resolve(name.group(1) + ".java");
            Files.writeString(file, code);
            files.add(file.toString());
        }
        assertFalse(files.isEmpty(), "the README has Java snippets");
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-cp",
            System.getProperty("java.class.path"), "-Xlint:none"));
        args.addAll(files);
        assertEquals(0, compiler.run(null, null, null, args.toArray(String[]::new)), "a README snippet does not compile");
    }
}
