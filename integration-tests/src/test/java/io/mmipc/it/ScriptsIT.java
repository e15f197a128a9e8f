package io.mmipc.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scripts share scripts/lib/common.sh for finding the JDK and building, and Maven run through it
 * prints no colour codes (Maven 3.8's jansi wrote ESC[0m even with -B -q).
 */
class ScriptsIT
{
    @TempDir
    Path work;

    private static String script(final String name) throws Exception
    {
        return Files.readString(Script.ROOT.resolve("scripts").resolve(name));
    }

    @Test
    void benchDistAndExampleFindTheJdkAndBuildThroughCommonSh() throws Exception
    {
        for (final String name : List.of("bench", "dist", "example"))
        {
            final String text = script(name);
            assertTrue(text.contains("source \"$(dirname \"${BASH_SOURCE[0]}\")/lib/common.sh\""), name);
            assertTrue(text.contains("mmipc_find_java"), name);
            assertFalse(text.matches("(?s).*\\bmvn -B.*"), name + " runs Maven itself instead of mmipc_mvn/mmipc_build");
            // (dist writes a launcher that finds a JDK on its own: the distribution has no common.sh)
            assertTrue(name.equals("dist") || !text.contains("/usr/lib/jvm/temurin"), name + " looks for a JDK itself");
        }
        assertTrue(script("bench").contains("mmipc_build \"$jar\" benchmarks"), "bench builds through common.sh");
    }

    @Test
    void distHasAHelpAndAnUnknownOptionPointsAtIt() throws Exception
    {
        final Path out = work.resolve("dist.txt");
        final Process help = new ProcessBuilder("bash", Script.ROOT.resolve("scripts/dist").toString(), "--help")
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(help.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).startsWith("Usage: scripts/dist [--no-build]"), Files.readString(out));
        assertTrue(Files.readString(out).lines().allMatch(l -> l.length() <= 100), Files.readString(out));
        final Process bad = new ProcessBuilder("bash", Script.ROOT.resolve("scripts/dist").toString(), "--nobuild")
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
        assertEquals(List.of("dist: unknown option '--nobuild'", "see 'scripts/dist --help'"),
            Files.readAllLines(out));
    }

    @Test
    void mavenRunThroughCommonShPrintsNoColourCodes() throws Exception
    {
        Files.writeString(work.resolve("pom.xml"), """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>io.mmipc.test</groupId>
              <artifactId>colour</artifactId>
              <version>1</version>
              <packaging>pom</packaging>
            </project>
            """);
        final Path out = work.resolve("out.txt");
        final ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$0\"; mmipc_find_java; mmipc_mvn -o " +
            "validate; echo \"exit $?\"", Script.ROOT.resolve("scripts/lib/common.sh").toString())
            .directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().remove("MAVEN_OPTS");
        final Process p = builder.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mvn validate of an empty pom");
        final String output = Files.readString(out);
        assertTrue(output.contains("exit 0"), output);
        assertFalse(output.contains("\u001b["), "colour codes in: " + output.replace("\u001b", "ESC"));
    }
}
