package io.mmipc.it;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code --sink verify} in a consumer JVM fails a bad stream with exit 1 and a message naming the
 * record: a real producer JVM writes ten records into a channel, the test damages one of them in the
 * file, and a consumer JVM reads it. Every "verified" assertion of the other tests rests on this.
 * Also: {@code scripts/demo} exits non-zero when the consumer's verification fails.
 */
class VerifySinkIT extends DaemonTestSupport
{
    private static final int RECORDS = 10;
    private static final int SIZE = 64;

    /** Writes records 0..9 (and END_OF_STREAM) with a producer JVM; they stay in the ring. */
    private void produceTen(final String channel) throws Exception
    {
        final Script producer = start("producer", "--channel", channel, "--count", Integer.toString(RECORDS),
            "--size", Integer.toString(SIZE), "--capacity", "4k");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(RECORDS, producer.records());
    }

    /** @return the file offset of the k-th record from the head. */
    private static int recordAt(final ChannelFile file, final int k)
    {
        final UnsafeBuffer b = file.buffer();
        final long head = b.getLongVolatile(ChannelDescriptor.HEAD_OFFSET);
        int at = ChannelDescriptor.HEADER_LENGTH + (int)(head & (file.capacity() - 1));
        for (int i = 0; i < k; i++)
        {
            assertEquals(RecordLayout.DATA, b.getInt(at + RecordLayout.TYPE_OFFSET));
            at += RecordLayout.aligned(b.getInt(at + RecordLayout.LENGTH_OFFSET));
        }
        assertEquals((long)k, b.getLong(at + RecordLayout.SEQUENCE_OFFSET), "the record to damage");
        return at;
    }

    private Script verify(final String channel) throws Exception
    {
        final Script consumer = start("consumer", "--channel", channel, "--sink", "verify");
        consumer.waitFor(60);
        return consumer;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "gap        | verification failed: gap: expected sequence 3 but got 4 (1 records missing)",
        "duplicate  | verification failed: duplicate: got sequence 2 again, expected 3",
        "payload    | verification failed: record 3 carries payload of sequence 7",
        "checksum   | verification failed: record 3 (64 bytes) is corrupt: checksum mismatch"})
    void consumerRejectsADamagedRecordWithExitOneNamingIt(final String damage, final String expected) throws Exception
    {
        final String channel = "bad-" + damage;
        produceTen(channel);
        try (ChannelFile file = ChannelFile.open(channelFile(channel)))
        {
            final UnsafeBuffer b = file.buffer();
            final int at = recordAt(file, 3);
            final int payload = at + RecordLayout.RECORD_HEADER_LENGTH;
            switch (damage)
            {
                case "gap" -> b.putLong(at + RecordLayout.SEQUENCE_OFFSET, 4); // record 3 lost, 4 next
                case "duplicate" -> b.putLong(at + RecordLayout.SEQUENCE_OFFSET, 2); // record 2 again
                case "payload" -> b.putLong(payload, 7); // a record carrying another's payload
                case "checksum" -> b.putByte(payload + 40, (byte)(b.getByte(payload + 40) ^ 0x10)); // one bit flipped
                default -> fail(damage);
            }
        }
        final Script consumer = verify(channel);
        assertEquals(1, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.stderr().contains("consumer: " + expected), consumer.stderr());
        assertFalse(consumer.stderr().contains("\tat "), "a message, not a stack trace: " + consumer.stderr());
    }

    @Test
    void undamagedTenRecordsPassTheSameConsumer() throws Exception
    {
        produceTen("good");
        final Script consumer = verify("good");
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertEquals(RECORDS, consumer.records());
    }

    @Test
    void shortRecordIsRejectedWithExitOneNamingIt() throws Exception
    {
        final Path input = work.resolve("ten-bytes.bin");
        Files.write(input, new byte[10]);
        final Script producer = startWithInput(input, "producer", "--channel", "short", "--source", "stdin",
            "--capacity", "4k");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        final Script consumer = verify("short");
        assertEquals(1, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.stderr().contains("verification failed: record 0 has 10 payload bytes, fewer than the 16 " +
            "of a generated record"), consumer.stderr());
    }

    @Test
    void demoExitsNonZeroWhenVerificationFailsAndZeroWhenItPasses() throws Exception
    {
        final Script good = start("demo", "--count", "200000");
        assertEquals(0, good.waitFor(180), good.stderr());
        assertTrue(Files.readString(good.stdoutFile()).contains("demo: OK, the consumer verified all 200000 records"));

        // The producer's test hook makes record 150000 carry the payload of 150001.
        final Script bad = track(Script.startUnder(work, channels(),
            "MMIPC_JAVA_OPTS=-Dmmipc.gen.wrongPayloadAt=150000 exec \"$@\"", "demo", "--count", "200000"));
        assertEquals(1, bad.waitFor(180), bad.stderr());
        assertTrue(bad.stderr().contains("verification failed: record 150000 carries payload of sequence 150001"),
            bad.stderr());
        assertTrue(bad.stderr().contains("demo: FAILED (producer exit 0, consumer exit 1)"), bad.stderr());
        assertFalse(Files.readString(bad.stdoutFile()).contains("demo: OK"));
    }
}
