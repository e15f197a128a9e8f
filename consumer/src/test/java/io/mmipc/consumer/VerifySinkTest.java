package io.mmipc.consumer;

import io.mmipc.core.ExitCodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.mmipc.consumer.Records.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code --sink verify}: every way a gen stream can go wrong ends with exit 1 and a message naming
 * the record; a sound stream passes.
 */
class VerifySinkTest
{
    private static VerificationException rejected(final VerifySink sink, final long sequence, final UnsafeBuffer payload)
    {
        final VerificationException ex = assertThrows(VerificationException.class, () -> data(sink, sequence, payload));
        assertEquals(ExitCodes.VERIFICATION_FAILED, ex.exitCode());
        assertEquals(1, ex.exitCode(), "README: exit 1 verification failed");
        return ex;
    }

    private static VerifySink afterFive()
    {
        final VerifySink sink = new VerifySink(0, true);
        for (long s = 0; s < 5; s++)
        {
            data(sink, s, generated(s, 64));
        }
        return sink;
    }

    @Test
    void soundStreamPassesAndCountsPayloadBytes()
    {
        final VerifySink sink = afterFive();
        endOfStream(sink, 5);
        assertEquals(5 * 64, sink.bytes());
        data(sink, 5, generated(5, 16)); // END_OF_STREAM took no sequence; 16 bytes is the smallest gen record
        assertEquals(5 * 64 + 16, sink.bytes());
    }

    @Test
    void gapIsRejectedNamingTheMissingRecords()
    {
        final VerifySink sink = afterFive();
        final String message = rejected(sink, 7, generated(7, 64)).getMessage();
        assertEquals("verification failed: gap: expected sequence 5 but got 7 (2 records missing)", message);
    }

    @Test
    void gapOfOneIsRejected()
    {
        final VerifySink sink = afterFive();
        assertTrue(rejected(sink, 6, generated(6, 64)).getMessage().contains("gap: expected sequence 5 but got 6 (1 records"));
    }

    @Test
    void duplicateIsRejectedNamingTheRecord()
    {
        final VerifySink sink = afterFive();
        assertEquals("verification failed: duplicate: got sequence 4 again, expected 5",
            rejected(sink, 4, generated(4, 64)).getMessage());
    }

    @Test
    void streamMustStartAtTheChannelsNextSequence()
    {
        final VerifySink sink = new VerifySink(1000, true);
        assertTrue(rejected(sink, 0, generated(0, 64)).getMessage().contains("got sequence 0 again, expected 1000"));
        final VerifySink resumed = new VerifySink(1000, true);
        data(resumed, 1000, generated(1000, 64));
        assertEquals(64, resumed.bytes());
    }

    @Test
    void payloadOfAnotherSequenceIsRejected()
    {
        final VerifySink sink = afterFive();
        assertEquals("verification failed: record 5 carries payload of sequence 9",
            rejected(sink, 5, generated(9, 64)).getMessage());
    }

    @Test
    void badChecksumIsRejectedNamingTheRecordAndItsLength()
    {
        final VerifySink sink = afterFive();
        final UnsafeBuffer payload = generated(5, 64);
        payload.putByte(OFFSET + 40, (byte)(payload.getByte(OFFSET + 40) ^ 1)); // one bit of the filler
        assertEquals("verification failed: record 5 (64 bytes) is corrupt: checksum mismatch",
            rejected(sink, 5, payload).getMessage());
    }

    @Test
    void damagedStoredChecksumIsRejected()
    {
        final VerifySink sink = afterFive();
        final UnsafeBuffer payload = generated(5, 64);
        payload.putLong(OFFSET + 8, payload.getLong(OFFSET + 8) + 1);
        assertTrue(rejected(sink, 5, payload).getMessage().contains("record 5 (64 bytes) is corrupt"));
    }

    @Test
    void shortRecordIsRejectedNamingIt()
    {
        final VerifySink sink = afterFive();
        final UnsafeBuffer shortOne = new UnsafeBuffer(new byte[OFFSET + 15]);
        shortOne.putLong(OFFSET, 5);
        assertEquals("verification failed: record 5 has 15 payload bytes, fewer than the 16 of a generated record " +
            "(is the producer using --source gen?)", rejected(sink, 5, shortOne).getMessage());
    }

    @Test
    void aRejectedRecordIsNotCountedAndTheSameRecordIsExpectedAgain()
    {
        final VerifySink sink = afterFive();
        rejected(sink, 5, generated(6, 64));
        assertEquals(5 * 64, sink.bytes());
        data(sink, 5, generated(5, 64)); // still expects 5
        assertEquals(6 * 64, sink.bytes());
    }

    @Test
    void theEndOfTheStreamIsIgnored()
    {
        final VerifySink sink = afterFive();
        endOfStream(sink, 42);
        data(sink, 5, generated(5, 64));
        assertEquals(6 * 64, sink.bytes());
    }

    @Test
    void mailboxModeChecksEachRecordButNotContiguity()
    {
        final VerifySink sink = new VerifySink(0, false);
        data(sink, 3, generated(3, 32));
        data(sink, 10, generated(10, 32)); // other consumers took 4..9
        data(sink, 2, generated(2, 32)); // order is the caller's check (per sender)
        assertEquals(96, sink.bytes());
        assertTrue(rejected(sink, 11, generated(12, 32)).getMessage().contains("record 11 carries payload of sequence 12"));
        final UnsafeBuffer corrupt = generated(20, 32);
        corrupt.putByte(OFFSET + 20, (byte)~corrupt.getByte(OFFSET + 20));
        assertTrue(rejected(sink, 20, corrupt).getMessage().contains("checksum mismatch"));
    }
}
