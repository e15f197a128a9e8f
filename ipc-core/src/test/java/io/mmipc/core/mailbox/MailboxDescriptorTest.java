package io.mmipc.core.mailbox;

import io.mmipc.exceptions.ChannelFileException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class MailboxDescriptorTest
{
    private static final Path FILE = Path.of("box.mmipc");

    @Test
    void anIntentWordHoldsItsFirstPositionAndCountAndCoversExactlyThatRange()
    {
        final long word = intent(1_000_000_007L, 5);
        assertNotEquals(0, word);
        assertEquals(1_000_000_007L, intentFirst(word));
        assertEquals(5, intentCount(word));
        assertEquals(MAX_BATCH, intentCount(intent(3, MAX_BATCH)));
        assertFalse(covers(word, 1_000_000_006L));
        assertTrue(covers(word, 1_000_000_007L));
        assertTrue(covers(word, 1_000_000_011L));
        assertFalse(covers(word, 1_000_000_012L));
        assertFalse(covers(0, 0), "no intent covers nothing, not even position 0");
        assertTrue(covers(intent(0, 1), 0));
        assertEquals(1 + TOMBSTONE_BIT, tombstone(0));
        assertEquals(SLOT_HEADER_LENGTH + 256, payloadOffset(256));
    }

    private static ByteBuffer header(final int slots, final int slotSize)
    {
        final ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.nativeOrder());
        b.putLong(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        b.putInt(SLOT_COUNT_OFFSET, slots);
        b.putInt(SLOT_SIZE_OFFSET, slotSize);
        return b;
    }

    private static String refused(final ByteBuffer header, final long length)
    {
        return assertThrows(ChannelFileException.class, () -> validate(FILE, header, length)).getMessage();
    }

    @Test
    void aHeaderIsCheckedAgainstTheFilesRealLengthAtEachEdge()
    {
        validate(FILE, header(8, 128), HEADER_LENGTH + 8 * 128);
        assertTrue(refused(header(8, 128), HEADER_LENGTH - 1).contains("shorter than the " + HEADER_LENGTH + "-byte"));
        assertTrue(refused(header(8, 128), HEADER_LENGTH + 8 * 128 + 1).contains("header says " + (HEADER_LENGTH + 8 * 128)));
        assertTrue(refused(header(8, 128), HEADER_LENGTH + 8 * 128 - 128).contains("truncated or resized"));
        final ByteBuffer foreign = header(8, 128);
        foreign.putLong(MAGIC_OFFSET, 42);
        assertTrue(refused(foreign, HEADER_LENGTH + 8 * 128).contains("not an mmipc mailbox"));
        final ByteBuffer old = header(8, 128);
        old.putInt(VERSION_OFFSET, VERSION - 1);
        assertTrue(refused(old, HEADER_LENGTH + 8 * 128).contains("layout version " + (VERSION - 1)));
        final ByteBuffer shortHeader = header(8, 128);
        shortHeader.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH - 8);
        assertTrue(refused(shortHeader, HEADER_LENGTH + 8 * 128).contains("header length"));
        assertTrue(refused(header(3, 128), HEADER_LENGTH + 3 * 128).contains("header is corrupt"));
    }

    @Test
    void sizesAreCheckedAtTheirEdges()
    {
        checkSizes(FILE, MIN_SLOTS, MIN_SLOT_SIZE);
        checkSizes(FILE, MAX_SLOTS, 1024); // exactly 1 GiB
        assertThrows(ChannelFileException.class, () -> checkSizes(FILE, MIN_SLOTS / 2, MIN_SLOT_SIZE));
        assertThrows(ChannelFileException.class, () -> checkSizes(FILE, MAX_SLOTS * 2L, MIN_SLOT_SIZE));
        assertThrows(ChannelFileException.class, () -> checkSizes(FILE, 6, MIN_SLOT_SIZE));
        assertThrows(ChannelFileException.class, () -> checkSizes(FILE, 8, MIN_SLOT_SIZE / 2));
        assertThrows(ChannelFileException.class, () -> checkSizes(FILE, 8, MAX_SLOT_SIZE * 2L));
        assertThrows(ChannelFileException.class, () -> checkSizes(FILE, 8, 96));
        assertTrue(assertThrows(ChannelFileException.class, () -> checkSizes(FILE, MAX_SLOTS, 2048)).getMessage()
            .contains("2147483648 bytes exceeds 1 GiB"));
    }
}
