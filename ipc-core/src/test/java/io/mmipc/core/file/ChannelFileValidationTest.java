package io.mmipc.core.file;

import io.mmipc.exceptions.ChannelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class ChannelFileValidationTest
{
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dir;

    private Path validChannel() throws IOException
    {
        final Path path = dir.resolve("c.mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, OWNER_ONLY).close();
        return path;
    }

    private static void putInt(final Path path, final long offset, final int value) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
    }

    private static void putLong(final Path path, final long offset, final long value) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }

    private static String openFails(final Path path)
    {
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelFile.open(path).close());
        assertTrue(ex.getMessage().contains(path.toString()), "message names the file: " + ex.getMessage());
        assertEquals(3, ex.exitCode());
        return ex.getMessage();
    }

    @Test
    void createdChannelOpensWithItsSizesAndOwnerOnlyMode() throws IOException
    {
        final Path path = validChannel();
        try (ChannelFile file = ChannelFile.open(path))
        {
            assertEquals(4096, file.capacity());
            assertEquals(512, file.maxRecordLength());
            assertEquals(4096, file.buffer().getLongVolatile(FREE_SEMAPHORE_OFFSET), "FREE starts at capacity");
        }
        assertEquals(HEADER_LENGTH + 4096, Files.size(path));
        assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(path));
        try (var files = Files.list(dir))
        {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void missingFileIsAClearError()
    {
        assertTrue(openFails(dir.resolve("nope.mmipc")).contains("no such file"));
    }

    @Test
    void directoryIsRefused()
    {
        assertTrue(openFails(dir).contains("is a directory"));
    }

    @Test
    void emptyFileIsRefused() throws IOException
    {
        final Path path = Files.createFile(dir.resolve("empty.mmipc"));
        assertTrue(openFails(path).contains("empty"));
    }

    @Test
    void fileShorterThanTheHeaderIsRefused() throws IOException
    {
        final Path path = Files.write(dir.resolve("short.mmipc"), new byte[100]);
        assertTrue(openFails(path).contains("shorter than the 4096-byte channel header"));
    }

    @Test
    void foreignFileIsRefusedByItsMagic() throws IOException
    {
        final Path path = Files.write(dir.resolve("foreign.mmipc"), new byte[HEADER_LENGTH + 4096]);
        assertTrue(openFails(path).contains("wrong magic"));
    }

    @Test
    void otherLayoutVersionIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, VERSION_OFFSET, 99);
        assertTrue(openFails(path).contains("layout version 99"));
    }

    @Test
    void wrongHeaderLengthIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, HEADER_LENGTH_OFFSET, 8192);
        assertTrue(openFails(path).contains("header length 8192"));
    }

    @Test
    void capacityNotAPowerOfTwoIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, CAPACITY_OFFSET, 5000);
        assertTrue(openFails(path).contains("capacity 5000"));
    }

    @Test
    void negativeCapacityIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, CAPACITY_OFFSET, Integer.MIN_VALUE);
        assertTrue(openFails(path).contains("not a power of two"));
    }

    @Test
    void capacityLargerThanTheFileIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, CAPACITY_OFFSET, 1 << 20);
        assertTrue(openFails(path).contains("truncated or resized"));
    }

    @Test
    void truncatedRingIsRefused() throws IOException
    {
        final Path path = validChannel();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            ch.truncate(HEADER_LENGTH + 1000);
        }
        assertTrue(openFails(path).contains("truncated or resized"));
    }

    @Test
    void maxRecordLargerThanTheRingAllowsIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, MAX_RECORD_LENGTH_OFFSET, 4096);
        assertTrue(openFails(path).contains("max record length 4096"));
    }

    @Test
    void zeroMaxRecordIsRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, MAX_RECORD_LENGTH_OFFSET, 0);
        assertTrue(openFails(path).contains("max record length 0"));
    }

    @Test
    void unknownFlagsAreRefused() throws IOException
    {
        final Path path = validChannel();
        putInt(path, FLAGS_OFFSET, 0x80);
        assertTrue(openFails(path).contains("unknown flags"));
    }

    @Test
    void headBeyondTailIsCorruption() throws IOException
    {
        final Path path = validChannel();
        putLong(path, HEAD_OFFSET, 64);
        final String message = openFails(path);
        assertTrue(message.contains("head 64 and tail 0"), message);
    }

    @Test
    void tailMoreThanACapacityAheadIsCorruption() throws IOException
    {
        final Path path = validChannel();
        putLong(path, TAIL_OFFSET, 8192);
        assertTrue(openFails(path).contains("impossible"));
    }

    @Test
    void negativeSemaphoreIsCorruption() throws IOException
    {
        final Path path = validChannel();
        putLong(path, FREE_SEMAPHORE_OFFSET, -1);
        assertTrue(openFails(path).contains("FREE -1"));
    }

    @Test
    void requestedSizesAreCheckedBeforeCreating()
    {
        final Path path = dir.resolve("bad.mmipc");
        assertThrows(ChannelFileException.class, () -> ChannelFile.createOrOpen(path, 5000, 16, OWNER_ONLY));
        assertThrows(ChannelFileException.class, () -> ChannelFile.createOrOpen(path, 4096, 4096, OWNER_ONLY));
        assertThrows(ChannelFileException.class, () -> ChannelFile.createOrOpen(path, 1024, 16, OWNER_ONLY));
        assertFalse(Files.exists(path), "nothing created for bad sizes");
    }

    @Test
    void racingCreatorsShareOneFile() throws Exception
    {
        final Path path = dir.resolve("race.mmipc");
        final int threads = 8;
        final Thread[] all = new Thread[threads];
        final Throwable[] failure = new Throwable[1];
        for (int i = 0; i < threads; i++)
        {
            all[i] = new Thread(() ->
            {
                try (ChannelFile file = ChannelFile.createOrOpen(path, 8192, 64, OWNER_ONLY))
                {
                    file.buffer().getAndAddLong(NEXT_SEQUENCE_OFFSET, 1);
                }
                catch (final Throwable t)
                {
                    failure[0] = t;
                }
            });
        }
        for (final Thread t : all)
        {
            t.start();
        }
        for (final Thread t : all)
        {
            t.join();
        }
        assertNull(failure[0]);
        try (ChannelFile file = ChannelFile.open(path))
        {
            assertEquals(threads, file.buffer().getLongVolatile(NEXT_SEQUENCE_OFFSET), "every creator used the same file");
        }
    }
}
