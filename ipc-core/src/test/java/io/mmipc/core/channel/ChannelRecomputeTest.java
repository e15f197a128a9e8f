package io.mmipc.core.channel;

import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.exceptions.ChannelCorruptedException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link ChannelRecovery#recompute} over records written by hand: the semaphores, next sequences and
 * flags it derives from [head, tail), exactly, and every kind of damage it refuses.
 */
class ChannelRecomputeTest
{
    private static final int CAPACITY = 4096;
    private static final int MAX = 512;
    private static final long LAP = 2L * CAPACITY;

    @TempDir
    Path dir;

    private ChannelFile file;
    private UnsafeBuffer buffer;
    private CountingSemaphore free;
    private CountingSemaphore used;

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("r.mmipc"), CAPACITY, MAX, PosixFilePermissions.fromString("rw-------"));
        buffer = file.buffer();
        free = new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE");
        used = new CountingSemaphore(buffer, USED_SEMAPHORE_OFFSET, "USED");
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    /** Writes a committed record at ring position {@code position}; returns the next position. */
    private long put(final long position, final int length, final int type, final long sequence)
    {
        final int at = HEADER_LENGTH + (int)(position & (CAPACITY - 1));
        buffer.putInt(at + LENGTH_OFFSET, length);
        buffer.putInt(at + TYPE_OFFSET, type);
        if (type != PADDING)
        {
            buffer.putLong(at + SEQUENCE_OFFSET, sequence);
        }
        return position + (type == PADDING ? length : aligned(length));
    }

    private void positions(final long head, final long tail)
    {
        buffer.putLongVolatile(HEAD_OFFSET, head);
        buffer.putLongVolatile(TAIL_OFFSET, tail);
    }

    @Test
    void everyRecordBetweenHeadAndTailIsCountedAndTheSequencesComeFromItsData()
    {
        final long head = LAP + 3936;
        long p = put(head, RECORD_HEADER_LENGTH + 40, dataType(5), 100); // 56 bytes, to 3992
        p = put(p, RECORD_HEADER_LENGTH + 8, ABORTED, 0);                 // 24 bytes, to 4016
        p = put(p, CAPACITY - 4016, PADDING, 0);                          // 80 bytes to the end
        p = put(p, RECORD_HEADER_LENGTH, DATA, 101);
        p = put(p, RECORD_HEADER_LENGTH, END_OF_STREAM, 102);
        positions(head, p);
        free.reset(7);
        used.reset(99);
        free.addWaiter();
        used.addWaiter();
        buffer.putLongVolatile(NEXT_SEQUENCE_OFFSET, 3);
        buffer.putLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET, 1);

        final String account = ChannelRecovery.recompute(file, Role.PRODUCER);

        assertEquals(CAPACITY - (p - head), free.available(), "FREE = capacity - (tail - head)");
        assertEquals(5, used.available(), "data, aborted, padding, data and end: each a record the consumer takes");
        assertEquals(102, buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET), "after the last DATA record");
        assertEquals(100, buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET), "the first DATA record not yet read");
        assertNotEquals(0, file.flags() & FLAG_END_OF_STREAM, "the stream's end is in the ring");
        assertEquals(1, free.waiters(), "the live producer's parked count on FREE is its own");
        assertEquals(0, used.waiters(), "no live consumer: nobody waits on USED");
        assertTrue(account.contains("FREE 7 -> " + (CAPACITY - (p - head)) + ", USED 99 -> 5"), account);
        assertTrue(account.contains("head " + head + ", tail " + p + ", next sequence 102"), account);
    }

    @Test
    void withNoDataInTheRingTheSequencesContinueFromTheFurthestRecorded()
    {
        final long head = LAP + 4016;
        final long tail = put(head, CAPACITY - 4016, PADDING, 0);
        positions(head, tail);
        buffer.putLongVolatile(NEXT_SEQUENCE_OFFSET, 10);
        buffer.putLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET, 12);
        free.addWaiter();
        used.addWaiter();
        ChannelRecovery.recompute(file, null);
        assertEquals(12, buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET));
        assertEquals(12, buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        assertEquals(1, used.available(), "the padding");
        assertEquals(CAPACITY - 80, free.available());
        assertEquals(0, file.flags() & FLAG_END_OF_STREAM);
        assertEquals(0, free.waiters(), "no live peer: both waiter counts cleared");
        assertEquals(0, used.waiters());

        positions(LAP, LAP);
        buffer.putLongVolatile(NEXT_SEQUENCE_OFFSET, 20);
        used.addWaiter();
        ChannelRecovery.recompute(file, Role.CONSUMER);
        assertEquals(20, buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET));
        assertEquals(20, buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        assertEquals(CAPACITY, free.available(), "an empty ring is all free");
        assertEquals(0, used.available());
        assertEquals(1, used.waiters(), "the live consumer's count on USED is kept");
    }

    @Test
    void aStreamsFirstRecordsCountFromSequenceZero()
    {
        long p = put(LAP, RECORD_HEADER_LENGTH, DATA, 0);
        positions(LAP, p);
        ChannelRecovery.recompute(file, null);
        assertEquals(1, buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET), "after the one record 0, not 0 again");
        assertEquals(0, buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET), "record 0 is still to be read");
        p = put(p, RECORD_HEADER_LENGTH, DATA, 1);
        positions(LAP, p);
        ChannelRecovery.recompute(file, null);
        assertEquals(2, buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET));
        assertEquals(0, buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET), "the first record's, not the last's");
    }

    @Test
    void aRecordExactlyFillingTheRingToTheEndIsValid()
    {
        final long head = LAP + CAPACITY - 64;
        final long tail = put(head, 64, DATA, 0);
        positions(head, tail);
        ChannelRecovery.recompute(file, null);
        assertEquals(1, used.available());
        final long big = LAP;
        positions(big, put(big, RECORD_HEADER_LENGTH + MAX, DATA, 0));
        ChannelRecovery.recompute(file, null);
        assertEquals(1, used.available(), "the largest record allowed");
    }

    private String refused(final long head, final long tail)
    {
        positions(head, tail);
        return assertThrows(ChannelCorruptedException.class, () -> ChannelRecovery.recompute(file, null)).getMessage();
    }

    @Test
    void damagedRecordsAndPositionsAreRefusedNamingWhatIsWrong()
    {
        final long head = LAP + 4000;
        put(head, 40, PADDING, 0); // 96 bytes to the end
        assertTrue(refused(head, head + 96).contains("no valid committed record at ring offset 4000"));

        put(LAP, RECORD_HEADER_LENGTH - 8, DATA, 0);
        assertTrue(refused(LAP, LAP + 64).contains("length 8"));

        put(LAP, RECORD_HEADER_LENGTH + MAX + 8, DATA, 0);
        assertTrue(refused(LAP, LAP + 1024).contains("length " + (RECORD_HEADER_LENGTH + MAX + 8)));

        put(LAP + 4080, 24, DATA, 0); // 16 bytes to the end, 24 needed
        assertTrue(refused(LAP + 4080, LAP + 4080 + 16 + 16).contains("ring offset 4080"));

        put(LAP, 24, 9, 0);
        assertTrue(refused(LAP, LAP + 24).contains("unknown type 9"));

        put(LAP, 24, PADDING | (3 << 8), 0);
        assertTrue(refused(LAP, LAP + 24).contains("ring offset 0"), "a type id on padding is damage");

        put(LAP, RECORD_HEADER_LENGTH + 64, DATA, 0);
        assertTrue(refused(LAP, LAP + 40).contains("runs past the tail " + (LAP + 40)));

        assertTrue(refused(LAP + 64, LAP).contains("positions head " + (LAP + 64) + " and tail " + LAP + " are impossible"));
    }
}
