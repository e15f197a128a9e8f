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
}
