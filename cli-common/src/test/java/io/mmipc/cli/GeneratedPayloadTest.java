package io.mmipc.cli;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GeneratedPayloadTest
{
    @Test
    void writtenPayloadCarriesItsSequenceAndAValidChecksumForEverySize()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (int size = 16; size <= 100; size++)
        {
            GeneratedPayload.write(buffer, 3, size, 1234567L + size);
            assertEquals(1234567L + size, GeneratedPayload.sequence(buffer, 3));
            assertEquals(GeneratedPayload.storedChecksum(buffer, 3), GeneratedPayload.checksum(buffer, 3, size), "size " + size);
        }
    }

    @Test
    void anyChangedByteFailsTheChecksum()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < 64; i++)
        {
            if (i >= 8 && i < 16)
            {
                continue; // the checksum itself
            }
            GeneratedPayload.write(buffer, 0, 61, 42);
            buffer.putByte(i, (byte)(buffer.getByte(i) ^ 1));
            if (i < 61)
            {
                assertNotEquals(GeneratedPayload.storedChecksum(buffer, 0), GeneratedPayload.checksum(buffer, 0, 61), "byte " + i);
            }
        }
    }

    @Test
    void payloadsOfDifferentSequencesDiffer()
    {
        final UnsafeBuffer a = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        GeneratedPayload.write(a, 0, 64, 1);
        GeneratedPayload.write(b, 0, 64, 2);
        assertNotEquals(a.getLong(16), b.getLong(16));
    }
}
