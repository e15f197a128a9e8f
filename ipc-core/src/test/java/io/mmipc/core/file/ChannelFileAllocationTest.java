package io.mmipc.core.file;

import io.mmipc.core.signal.NativeCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ChannelFileAllocationTest
{
    private static final int CAPACITY = 8 << 20;

    @TempDir
    Path dir;

    private Path shmOrTemp() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? Files.createTempDirectory(shm, "mmipc-alloc-") : dir;
    }

    @Test
    void aNewChannelHasEveryPageAllocatedNotAHoleToFaultOnLater() throws Exception
    {
        final Path folder = shmOrTemp();
        final Path path = folder.resolve("allocated.mmipc");
        try
        {
            ChannelFile.createOrOpen(path, CAPACITY, 4096, PosixFilePermissions.fromString("rw-------")).close();
            final Process stat = new ProcessBuilder("stat", "-c", "%b %B", path.toString()).start();
            final String[] blocks = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
            assertEquals(0, stat.waitFor());
            final long allocated = Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
            assertTrue(allocated >= ChannelDescriptor.HEADER_LENGTH + CAPACITY,
                "allocated " + allocated + " bytes of " + Files.size(path));
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(folder);
        }
    }

    @Test
    void prefaultMapsEveryPageOfTheRingIntoThisProcess() throws Exception
    {
        final Path folder = shmOrTemp();
        final Path path = folder.resolve("prefaulted.mmipc");
        try (ChannelFile file = ChannelFile.createOrOpen(path, CAPACITY, 4096, PosixFilePermissions.fromString("rw-------")))
        {
            final long before = residentKiB(path);
            assumePrefaultWorksHere();
            file.prefault();
            final long after = residentKiB(path);
            assertTrue(before < CAPACITY / 1024 / 2, "a fresh mapping is not resident yet: " + before + " KiB");
            assertTrue(after >= (ChannelDescriptor.HEADER_LENGTH + CAPACITY) / 1024,
                "resident after prefault: " + after + " KiB");
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(folder);
        }
    }

    /**
     * Prefault is best effort: without the native calls (not Linux x86_64, or native access not
     * enabled) or before Linux 5.14 (no {@code MADV_POPULATE_WRITE}) the pages fault in on first touch
     * instead, so there is nothing to prove here and the test says why it skips.
     */
    private static void assumePrefaultWorksHere()
    {
        try
        {
            NativeCalls.checkAvailable();
        }
        catch (final IllegalStateException ex)
        {
            assumeTrue(false, "prefault not testable here: " + ex.getMessage());
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(8192, 4096);
            final int errno = new NativeCalls().populateWrite(page.address(), 4096);
            assumeTrue(errno == 0, "madvise(MADV_POPULATE_WRITE) returned errno " + errno +
                " (Linux before 5.14): prefault falls back to faulting on first touch");
        }
    }

    /**
     * @return the Rss of this process's mapping of {@code path}, from /proc/self/smaps.
     */
    private static long residentKiB(final Path path) throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inside = false;
        for (final String line : lines)
        {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
            {
                inside = line.endsWith(path.toString());
            }
            else if (inside && line.startsWith("Rss:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no mapping of " + path + " in /proc/self/smaps");
    }
}
