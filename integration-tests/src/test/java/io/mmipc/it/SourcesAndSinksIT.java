package io.mmipc.it;

import io.mmipc.core.liveness.Role;
import io.mmipc.cli.GeneratedPayload;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The daemons' options the README promises, in real JVMs: {@code --source file:}, {@code --sink
 * discard}, {@code --rate}, {@code --mode 660}, and SIGHUP reopening a {@code file:} sink after a
 * log rotation.
 */
class SourcesAndSinksIT extends DaemonTestSupport
{
    private static final int SIZE = 64;

    @Test
    void fileSourceArrivesByteIdentical() throws Exception
    {
        final byte[] data = new byte[3_000_001]; // not a multiple of any chunk
        new Random(7).nextBytes(data);
        final Path input = work.resolve("input.bin");
        Files.write(input, data);
        final Script consumer = start("consumer", "--channel", "file-src", "--sink", "stdout");
        final Script producer = start("producer", "--channel", "file-src", "--source", "file:" + input);
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertArrayEquals(data, Files.readAllBytes(consumer.stdoutFile()));
        assertTrue(producer.throughputLine().contains(" 3000001 bytes"), producer.throughputLine());
    }

    @Test
    void missingSourceFileIsAUsageError() throws Exception
    {
        final Script producer = start("producer", "--channel", "nofile", "--source", "file:" + work.resolve("none"));
        assertEquals(2, producer.waitFor(60), producer.stderr());
        assertTrue(producer.stderr().contains("--source file:" + work.resolve("none") + ": no such readable file"),
            producer.stderr());
        assertFalse(Files.exists(channelFile("nofile")), "checked before the channel is created");
    }

    @Test
    void discardSinkReadsEveryRecordAndWritesNothing() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "drop", "--sink", "discard");
        final Script producer = start("producer", "--channel", "drop", "--count", "200000", "--size", "100");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.throughputLine().startsWith("consumed 200000 records, 20000000 bytes in "),
            consumer.throughputLine());
        assertEquals(0, Files.size(consumer.stdoutFile()));
    }

    /**
     * {@code --rate 2000} for 3000 records: the producer paces to a schedule from its start, so it
     * cannot beat the rate (1% allowed for the clock) and, on this busy 2-core machine, must come
     * within 15% of it.
     */
    @Test
    void rateIsKeptWithinFifteenPercentAndNeverExceeded() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "paced", "--sink", "verify");
        final Script producer = start("producer", "--channel", "paced", "--count", "3000", "--rate", "2000");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        final double rate = producer.records() / producer.seconds();
        System.out.printf("--rate 2000: %.0f records/s over %.3f s%n", rate, producer.seconds());
        assertTrue(rate <= 2000 * 1.01, "faster than asked: " + producer.throughputLine());
        assertTrue(rate >= 2000 * 0.85, "slower than asked: " + producer.throughputLine());
        assertEquals(3000, consumer.records());
    }

    @Test
    void modeSixSixtySharesANewChannelWithTheGroup() throws Exception
    {
        final Script producer = start("producer", "--channel", "group", "--mode", "660", "--count", "10",
            "--capacity", "4k");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(channelFile("group")));
        final Script other = start("producer", "--channel", "owner", "--count", "10", "--capacity", "4k");
        assertEquals(0, other.waitFor(60), other.stderr());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(channelFile("owner")));
        final Script bad = start("producer", "--channel", "x", "--mode", "066");
        assertEquals(2, bad.waitFor(60), bad.stderr());
    }

    /**
     * logrotate moves the output away and sends SIGHUP: the consumer writes on to a new file at the
     * path, and the two files together hold every record exactly once, in order.
     */
    @Test
    void sighupReopensAFileSinkAfterRotationLosingAndDuplicatingNothing() throws Exception
    {
        final Path out = work.resolve("stream.log");
        final Path rotated = work.resolve("stream.log.1");
        final int records = 6000;
        final Script consumer = start("consumer", "--channel", "rotate", "--sink", "file:" + out);
        final Script producer = start("producer", "--channel", "rotate", "--count", Integer.toString(records),
            "--size", Integer.toString(SIZE), "--rate", "3000");
        awaitAttached("rotate", Role.CONSUMER, consumer);
        awaitChannel("rotate", consumedAtLeast(1000), 60, "a third of the stream");
        Files.move(out, rotated);
        consumer.signal("HUP");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, consumer.waitFor(60), consumer.stderr());

        final long before = Files.size(rotated) / SIZE;
        final long after = Files.size(out) / SIZE;
        System.out.println("SIGHUP rotation: " + before + " records in the rotated file, " + after + " in the new one");
        assertTrue(before >= 1000 && after > 0, before + " / " + after);
        final ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(Files.readAllBytes(rotated));
        both.write(Files.readAllBytes(out));
        final UnsafeBuffer all = new UnsafeBuffer(both.toByteArray());
        assertEquals((long)records * SIZE, all.capacity(), "every record once: no gap, no duplicate");
        for (int i = 0; i < records; i++)
        {
            assertEquals(i, GeneratedPayload.sequence(all, i * SIZE), "record " + i + " in order");
            assertEquals(GeneratedPayload.storedChecksum(all, i * SIZE), GeneratedPayload.checksum(all, i * SIZE, SIZE),
                "record " + i + " intact");
        }
    }
}
