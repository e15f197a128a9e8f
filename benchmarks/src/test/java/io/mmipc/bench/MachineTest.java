package io.mmipc.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MachineTest
{
    @TempDir
    Path dir;

    private void cache(final int index, final int level, final String type, final String size) throws Exception
    {
        final Path d = Files.createDirectories(dir.resolve("index" + index));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }

    @Test
    void cachesAreReadFromEachIndexDirectoryInOrder() throws Exception
    {
        cache(0, 1, "Data", "48K");
        cache(1, 1, "Instruction", "32K");
        cache(2, 2, "Unified", "1024K");
        cache(3, 3, "Unified", "32768K");
        Files.writeString(dir.resolve("uevent"), "");
        assertEquals("caches (cpu0): L1d 48K, L1i 32K, L2 1024K, L3 32768K", Machine.caches(dir));
    }

    @Test
    void anUnreadableCacheDirectoryIsSaidSo()
    {
        assertTrue(Machine.caches(dir.resolve("missing")).contains("unknown"));
    }

    @Test
    void theCpuLineNamesTheVcpus()
    {
        assertTrue(Machine.cpu().contains(Runtime.getRuntime().availableProcessors() + " vCPUs"), Machine.cpu());
    }
}
