package io.mmipc.bridge;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.mmipc.bridge.FrameDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class FrameDescriptorTest
{
    @Test
    void theFieldsFollowEachOtherWithoutOverlapAndReadBackAtAnOffset()
    {
        assertEquals(24, DATA_HEADER_LENGTH);
        assertEquals(16, ACK_LENGTH);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer header = new UnsafeBuffer(buffer, 8, DATA_HEADER_LENGTH);
        putDataHeader(header, 0x1122334455667788L, 42, END, 0xABCDEF);
        assertEquals(0x1122334455667788L, sequence(buffer, 8));
        assertEquals(42, base(buffer, 8));
        assertEquals(END, kind(buffer, 8));
        assertEquals(0xABCDEF, typeId(buffer, 8));

        final UnsafeBuffer ack = new UnsafeBuffer(buffer, 40, ACK_LENGTH);
        putAck(ack, NOTHING, REWIND | DONE_SEEN);
        assertEquals(NOTHING, ackSequence(buffer, 40));
        assertEquals(REWIND | DONE_SEEN, ackFlags(buffer, 40));
        assertEquals(42, base(buffer, 8), "the ack did not touch the data header");
    }

    @Test
    void aBatchsEntriesAreEightByteAlignedAndReadBackInOrder()
    {
        assertEquals(8, entryLength(0));
        assertEquals(72, entryLength(64));
        assertEquals(80, entryLength(65), "a payload of 65 bytes pads to the next 8");
        final UnsafeBuffer src = new UnsafeBuffer(new byte[100]);
        for (int i = 0; i < 100; i++)
        {
            src.putByte(i, (byte)i);
        }
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[256]);
        putDataHeader(batch, 7, 5, BATCH, 2);
        final int second = putEntry(batch, DATA_HEADER_LENGTH, 11, src, 3, 13);
        assertEquals(DATA_HEADER_LENGTH + 24, second);
        final int end = putEntry(batch, second, 12, src, 50, 40);
        assertEquals(second + 48, end);

        assertEquals(BATCH, kind(batch, 0));
        assertEquals(2, count(batch, 0));
        assertEquals(7, sequence(batch, 0));
        assertEquals(13, entryPayloadLength(batch, DATA_HEADER_LENGTH));
        assertEquals(11, entryTypeId(batch, DATA_HEADER_LENGTH));
        assertEquals(3, batch.getByte(DATA_HEADER_LENGTH + ENTRY_HEADER_LENGTH));
        assertEquals(15, batch.getByte(DATA_HEADER_LENGTH + ENTRY_HEADER_LENGTH + 12));
        assertEquals(40, entryPayloadLength(batch, second));
        assertEquals(12, entryTypeId(batch, second));
        assertEquals(50, batch.getByte(second + ENTRY_HEADER_LENGTH));
        assertEquals(89, batch.getByte(second + ENTRY_HEADER_LENGTH + 39));
    }
}
