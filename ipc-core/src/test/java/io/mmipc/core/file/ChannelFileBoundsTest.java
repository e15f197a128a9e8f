package io.mmipc.core.file;

import io.mmipc.exceptions.ChannelCorruptedException;
import io.mmipc.exceptions.ChannelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The edges of every validation bound of a channel file: the last value accepted and the first one
 * refused, so that an off-by-one in a check (or a check removed) fails here. Example of what a
 * missing check costs: a head of 4092 in a 4096-byte ring makes the consumer read a record header
 * across the end of the mapping.
 */
class ChannelFileBoundsTest
{
    private static final Path FILE = Path.of("/test/c.mmipc");

    @TempDir
    Path dir;

    /** A valid static header for a ring of {@code capacity} bytes with the given max record. */
    private static ByteBuffer header(final int capacity, final int maxRecord)
    {
        final ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        b.putInt(CAPACITY_OFFSET, capacity);
        b.putInt(MAX_RECORD_LENGTH_OFFSET, maxRecord);
        return b;
    }

    private static String refused(final ByteBuffer header, final long fileLength)
    {
        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> ChannelDescriptor.validate(FILE, header, fileLength));
        assertEquals(3, ex.exitCode());
        assertTrue(ex.getMessage().startsWith("channel file " + FILE + ": "), ex.getMessage());
        return ex.getMessage();
    }

    @Test
    void smallestAndLargestCapacityAreAcceptedAndTheirNeighboursRefused()
    {
        ChannelDescriptor.validate(FILE, header(MIN_CAPACITY, 16), HEADER_LENGTH + MIN_CAPACITY);
        ChannelDescriptor.validate(FILE, header(MAX_CAPACITY, 16), (long)HEADER_LENGTH + MAX_CAPACITY);
        assertTrue(refused(header(MIN_CAPACITY / 2, 16), HEADER_LENGTH + MIN_CAPACITY / 2)
            .contains("capacity 2048 in the header is not a power of two between 4096 and 1073741824"));
        assertTrue(refused(header(MIN_CAPACITY + 8, 16), HEADER_LENGTH + MIN_CAPACITY + 8).contains("capacity 4104"));
        assertTrue(refused(header(Integer.MIN_VALUE, 16), HEADER_LENGTH).contains("capacity -2147483648"));
        assertEquals(4096, MIN_CAPACITY);
        assertEquals(1 << 30, MAX_CAPACITY);
    }

    @Test
    void fileLengthMustBeExactlyHeaderPlusCapacity()
    {
        final ByteBuffer h = header(8192, 64);
        ChannelDescriptor.validate(FILE, h, HEADER_LENGTH + 8192);
        assertTrue(refused(h, HEADER_LENGTH + 8191).contains("the file is 12287 bytes but its header says 12288"));
        assertTrue(refused(h, HEADER_LENGTH + 8193).contains("the file is 12289 bytes"));
        assertTrue(refused(h, HEADER_LENGTH - 1).contains("shorter than the 4096-byte channel header"));
        assertTrue(refused(h, 1).contains("the file is 1 bytes, shorter"));
        assertTrue(refused(h, 0).contains("the file is empty"));
    }

    @Test
    void headerOfExactlyTheHeaderLengthIsReadOnToTheCapacityCheck()
    {
        // a file of exactly HEADER_LENGTH bytes is not "shorter than the header": its capacity check speaks
        assertTrue(refused(header(4096, 16), HEADER_LENGTH).contains("the file is 4096 bytes but its header says 8192"));
    }

    @Test
    void maxRecordFromOneToHalfTheRingLessAHeaderIsAccepted()
    {
        final int allowed = 4096 / 2 - RecordLayout.RECORD_HEADER_LENGTH;
        assertEquals(allowed, maxAllowedRecordLength(4096));
        ChannelDescriptor.validate(FILE, header(4096, 1), HEADER_LENGTH + 4096);
        ChannelDescriptor.validate(FILE, header(4096, allowed), HEADER_LENGTH + 4096);
        assertTrue(refused(header(4096, allowed + 1), HEADER_LENGTH + 4096)
            .contains("max record length 2033 in the header is outside 1..2032 for capacity 4096"));
        assertTrue(refused(header(4096, 0), HEADER_LENGTH + 4096).contains("max record length 0"));
        assertTrue(refused(header(4096, -1), HEADER_LENGTH + 4096).contains("max record length -1"));
    }

    @Test
    void magicVersionAndHeaderLengthMustMatch()
    {
        final ByteBuffer magic = header(4096, 16);
        magic.putLong(MAGIC_OFFSET, MAGIC + 1);
        assertTrue(refused(magic, HEADER_LENGTH + 4096).contains("not an mmipc channel (wrong magic 0x"));
        final ByteBuffer version = header(4096, 16);
        version.putInt(VERSION_OFFSET, VERSION + 1);
        assertTrue(refused(version, HEADER_LENGTH + 4096).contains("layout version " + (VERSION + 1)));
        final ByteBuffer length = header(4096, 16);
        length.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH + 8);
        assertTrue(refused(length, HEADER_LENGTH + 4096).contains("header length 4104 is not 4096"));
    }

    @Test
    void knownFlagsAreAcceptedAndAnyOtherBitRefused()
    {
        final ByteBuffer h = header(4096, 16);
        h.putInt(FLAGS_OFFSET, FLAG_END_OF_STREAM | FLAG_CLOSED);
        ChannelDescriptor.validate(FILE, h, HEADER_LENGTH + 4096);
        for (int bit = 0; bit < 32; bit++)
        {
            final int flag = 1 << bit;
            if (flag == FLAG_END_OF_STREAM || flag == FLAG_CLOSED)
            {
                continue;
            }
            h.putInt(FLAGS_OFFSET, flag);
            assertTrue(refused(h, HEADER_LENGTH + 4096).contains("unknown flags 0x" + Integer.toHexString(flag)));
        }
    }

    @Test
    void requestedSizesHaveTheSameEdges()
    {
        ChannelDescriptor.checkSizes(FILE, 4096, 1);
        ChannelDescriptor.checkSizes(FILE, 4096, 2032);
        ChannelDescriptor.checkSizes(FILE, 1L << 30, 16);
        assertThrows(ChannelFileException.class, () -> ChannelDescriptor.checkSizes(FILE, 4096, 2033));
        assertThrows(ChannelFileException.class, () -> ChannelDescriptor.checkSizes(FILE, 4096, 0));
        assertThrows(ChannelFileException.class, () -> ChannelDescriptor.checkSizes(FILE, 2048, 16));
        assertThrows(ChannelFileException.class, () -> ChannelDescriptor.checkSizes(FILE, 1L << 31, 16));
        assertThrows(ChannelFileException.class, () -> ChannelDescriptor.checkSizes(FILE, (1L << 32) + 4096, 16));
        assertThrows(ChannelFileException.class, () -> ChannelDescriptor.checkSizes(FILE, 12288, 16));
        assertEquals(4096 / 8, defaultMaxRecordLength(4096));
    }

    // ---- positions and semaphores, which change while a channel runs ----

    private Path channel() throws IOException
    {
        final Path path = dir.resolve("p.mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        return path;
    }

    private static void putLong(final Path path, final long offset, final long value) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }

    private static void opens(final Path path)
    {
        ChannelFile.open(path).close();
    }

    private static String openRefused(final Path path)
    {
        final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> ChannelFile.open(path).close());
        assertEquals(3, ex.exitCode());
        assertTrue(ex.getMessage().contains(path.toString()), ex.getMessage());
        return ex.getMessage();
    }

    @ParameterizedTest(name = "head {0} tail {1}")
    @CsvSource({"4092, 4092", "0, 4", "4, 4", "8, 12", "1, 8", "0, 7"})
    void positionsNotAlignedToARecordAreCorruption(final long head, final long tail) throws IOException
    {
        final Path path = channel();
        putLong(path, TAIL_OFFSET, tail);
        putLong(path, HEAD_OFFSET, head);
        assertTrue(openRefused(path).contains("positions head " + head + " and tail " + tail +
            " are impossible for a ring of 4096 bytes"));
    }

    @ParameterizedTest(name = "head {0} tail {1}")
    @CsvSource({"0, 4096", "8, 4104", "4088, 4096", "40960, 45056", "4096, 4096"})
    void alignedPositionsAtMostACapacityApartAreAccepted(final long head, final long tail) throws IOException
    {
        final Path path = channel();
        putLong(path, TAIL_OFFSET, tail);
        putLong(path, HEAD_OFFSET, head);
        putLong(path, FREE_SEMAPHORE_OFFSET, 4096 - (tail - head));
        opens(path);
    }

    @ParameterizedTest(name = "head {0} tail {1}")
    @CsvSource({"0, 4104", "-8, 0", "-8, -8", "16, 8"})
    void positionsOutOfOrderOrMoreThanACapacityApartAreCorruption(final long head, final long tail) throws IOException
    {
        final Path path = channel();
        putLong(path, TAIL_OFFSET, tail);
        putLong(path, HEAD_OFFSET, head);
        assertTrue(openRefused(path).contains("positions head " + head + " and tail " + tail));
    }

    @ParameterizedTest(name = "FREE {0} USED {1}")
    @CsvSource({"0, 0", "4096, 0", "0, 512", "4096, 512"})
    void semaphoreValuesWithinTheirRangeAreAccepted(final long free, final long used) throws IOException
    {
        final Path path = channel();
        putLong(path, FREE_SEMAPHORE_OFFSET, free);
        putLong(path, USED_SEMAPHORE_OFFSET, used);
        opens(path);
    }

    @ParameterizedTest(name = "FREE {0} USED {1}")
    @CsvSource({"4097, 0", "-1, 0", "0, 513", "0, -1"})
    void semaphoreValuesOutOfRangeAreCorruption(final long free, final long used) throws IOException
    {
        final Path path = channel();
        putLong(path, FREE_SEMAPHORE_OFFSET, free);
        putLong(path, USED_SEMAPHORE_OFFSET, used);
        assertTrue(openRefused(path).contains("semaphore values FREE " + free + " and USED " + used +
            " are impossible for a ring of 4096 bytes"));
    }
}
