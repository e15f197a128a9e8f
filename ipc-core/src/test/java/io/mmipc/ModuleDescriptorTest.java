package io.mmipc;

import io.mmipc.outside.OpenOneChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ipc-core as a module: it exports only the API packages, and a JVM started without the flags mmipc
 * needs, on the class path or on the module path, gets one message naming the flags for where it
 * runs (not a class-initialisation failure in Agrona); with them, the module path works.
 */
@org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ModuleDescriptorTest
{
    private static final Path CLASSES = Path.of("target/classes");
    private static final Path TEST_CLASSES = Path.of("target/test-classes");

    @TempDir
    Path dir;

    @Test
    void theModuleExportsOnlyTheApiPackages()
    {
        final ModuleDescriptor module = ModuleFinder.of(CLASSES).find("io.mmipc").orElseThrow().descriptor();
        assertEquals(Set.of("io.mmipc", "io.mmipc.exceptions"),
            module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(module.packages().contains("io.mmipc.core.ring"), "the implementation is inside, not exported");
        assertEquals(Set.of("org.agrona", "jdk.unsupported", "jdk.jfr", "java.base"),
            module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void onTheClassPathWithoutFlagsOpeningAChannelNamesTheMissingFlags() throws Exception
    {
        final Result result = java(List.of("-cp", String.join(File.pathSeparator, CLASSES.toString(), TEST_CLASSES.toString(),
            agronaJar())), "a.mmipc");
        assertEquals(1, result.exit, result.toString());
        assertTrue(result.err.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), result.toString());
        assertTrue(result.err.contains("--enable-native-access=ALL-UNNAMED"), result.toString());
        assertFalse(result.err.contains("NoClassDefFoundError") || result.err.contains("ExceptionInInitializerError"),
            result.toString());
    }

    @Test
    void onTheModulePathTheMessageNamesTheModulesAndWithTheirFlagsAChannelWorks() throws Exception
    {
        final List<String> modulePath = List.of("-p", String.join(File.pathSeparator, CLASSES.toString(), agronaJar()),
            "--add-modules", "io.mmipc", "-cp", TEST_CLASSES.toString());
        final Result without = java(modulePath, "b.mmipc");
        assertEquals(1, without.exit, without.toString());
        assertTrue(without.err.contains("--add-exports=java.base/jdk.internal.misc=org.agrona"), without.toString());
        assertTrue(without.err.contains("--enable-native-access=io.mmipc"), without.toString());
        assertTrue(without.err.contains("on the module path"), without.toString());

        final List<String> withFlags = new ArrayList<>(List.of("--add-exports=java.base/jdk.internal.misc=org.agrona",
            "--enable-native-access=io.mmipc"));
        withFlags.addAll(modulePath);
        final Result with = java(withFlags, "c.mmipc");
        assertEquals(0, with.exit, with.toString());
        assertEquals("7 hello", with.out.strip(), "the type id and the message, written and read on the module path");
    }

    private static String agronaJar()
    {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> Path.of(entry).getFileName().toString().startsWith("agrona-")).findFirst()
            .orElseThrow(() -> new AssertionError("no agrona jar on the test class path"));
    }

    private Result java(final List<String> options, final String file) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add(OpenOneChannel.class.getName());
        command.add(dir.resolve(file).toString());
        final Process process = new ProcessBuilder(command).start();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err)
    {
    }
}
