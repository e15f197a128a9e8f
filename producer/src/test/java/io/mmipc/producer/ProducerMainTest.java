package io.mmipc.producer;

import io.mmipc.WaitStrategy;
import io.mmipc.cli.Daemon;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.mailbox.Message;
import io.mmipc.cli.GeneratedPayload;
import io.mmipc.core.signal.StopFlag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The producer daemon run in this JVM on a channel small enough to hold its whole stream, read back
 * by a consumer endpoint here: what it writes for each source, and its option checks (exit 2).
 * Signals, stdin and real concurrency are the integration tests' part.
 */
class ProducerMainTest
{
    @TempDir
    Path dir;

    @org.junit.jupiter.api.extension.RegisterExtension
    final io.mmipc.cli.StderrCapture err = new io.mmipc.cli.StderrCapture();

    private String stderr()
    {
        return err.text();
    }

    private Path channel()
    {
        return dir.resolve("c.mmipc");
    }

    private int produce(final String... args)
    {
        err.reset();
        final List<String> all = new ArrayList<>(List.of("--channel", channel().toString(), "--capacity", "4k",
            "--wait", "spin"));
        all.addAll(List.of(args));
        return Daemon.run(new ProducerMain(), all.toArray(String[]::new));
    }

    private record Record(int type, long sequence, byte[] payload)
    {
    }

    /** Everything in the ring, read by a consumer endpoint in this JVM. */
    private List<Record> drain()
    {
        final List<Record> records = new ArrayList<>();
        try (ChannelEndpoint consumer = ChannelEndpoint.attach(channel(), 4096, 512,
            PosixFilePermissions.fromString("rw-------"), false, Role.CONSUMER, WaitStrategy.SPIN, new StopFlag(), 1))
        {
            while (consumer.consumer().poll((type, sequence, buffer, offset, length) ->
            {
                final byte[] payload = new byte[length];
                buffer.getBytes(offset, payload);
                records.add(new Record(type, sequence, payload));
            }, 1000) > 0)
            {
                // until the ring is empty
            }
        }
        return records;
    }

    @Test
    void genWritesTheCountOfSelfCheckingRecordsThenEndOfStream()
    {
        assertEquals(0, produce("--count", "20", "--size", "32"), stderr());
        assertTrue(stderr().startsWith("produced 20 records, 640 bytes in "), stderr());
        final List<Record> records = drain();
        assertEquals(21, records.size());
        for (int i = 0; i < 20; i++)
        {
            final Record r = records.get(i);
            assertEquals(RecordLayout.DATA, r.type());
            assertEquals(i, r.sequence());
            assertEquals(32, r.payload().length);
            final UnsafeBuffer view = new UnsafeBuffer(r.payload());
            assertEquals(i, GeneratedPayload.sequence(view, 0));
            assertEquals(GeneratedPayload.storedChecksum(view, 0), GeneratedPayload.checksum(view, 0, 32));
        }
        assertEquals(RecordLayout.END_OF_STREAM, records.get(20).type());
    }

    /** The seconds of the throughput line: a plausible time, not a difference turned into a sum. */
    private double seconds()
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile(" in ([0-9.]+) s").matcher(stderr());
        assertTrue(m.find(), stderr());
        final double seconds = Double.parseDouble(m.group(1));
        assertTrue(seconds >= 0 && seconds < 60, stderr());
        return seconds;
    }

    @Test
    void throughputLinesGiveThePlausibleTimeOfTheRun() throws Exception
    {
        assertEquals(0, produce("--count", "10", "--size", "16", "--rate", "100"), stderr());
        assertTrue(seconds() >= 0.08, "ten records at 100/s take 90 ms: " + stderr());
        err.reset();
        assertEquals(0, Daemon.run(new ProducerMain(), "--mailbox", dir.resolve("t.mmipc").toString(), "--count", "3",
            "--size", "16"), stderr());
        seconds();
    }

    @Test
    void aStoppedStreamIsContinuedAtTheChannelsNextSequence()
    {
        // A first producer that wrote 0..4 of a 10-record stream and was stopped (no END_OF_STREAM):
        try (ChannelEndpoint first = ChannelEndpoint.attach(channel(), 4096, 512,
            PosixFilePermissions.fromString("rw-------"), true, Role.PRODUCER, WaitStrategy.SPIN, new StopFlag(), 4))
        {
            for (int i = 0; i < 5; i++)
            {
                final int at = first.producer().claim(16);
                GeneratedPayload.write(first.producer().buffer(), at, 16, i);
                first.producer().commit();
            }
            first.producer().flush();
        }
        assertEquals(0, produce("--count", "10", "--size", "16"), stderr());
        assertTrue(stderr().startsWith("produced 5 records, 80 bytes in "), "only the rest: " + stderr());
        final List<Record> records = drain();
        assertEquals(11, records.size());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, records.get(i).sequence());
            assertEquals(i, GeneratedPayload.sequence(new UnsafeBuffer(records.get(i).payload()), 0));
        }
    }

    @Test
    void aCompleteStreamStillInTheChannelIsNotWrittenAgain()
    {
        assertEquals(0, produce("--count", "5", "--size", "16"), stderr());
        assertEquals(0, produce("--count", "5", "--size", "16"), stderr());
        assertTrue(stderr().contains("the stream of 5 records is already complete in " + channel() + "; nothing to do"),
            stderr());
        assertEquals(6, drain().size(), "five records and END_OF_STREAM, once");
    }

    @Test
    void aLongerStreamAfterAnEndedOneIsRefused()
    {
        assertEquals(0, produce("--count", "5", "--size", "16"), stderr());
        final int code = produce("--count", "9", "--size", "16");
        assertEquals(3, code, stderr());
    }

    @Test
    void fileSourceIsCutIntoRecordsOfAtMostTheMaxRecordLength() throws Exception
    {
        final byte[] data = new byte[1500];
        new Random(3).nextBytes(data);
        final Path input = dir.resolve("in.bin");
        Files.write(input, data);
        assertEquals(0, produce("--source", "file:" + input), stderr());
        assertTrue(stderr().startsWith("produced 3 records, 1500 bytes in "), stderr());
        final List<Record> records = drain();
        assertEquals(List.of(512, 512, 476), records.subList(0, 3).stream().map(r -> r.payload().length).toList());
        final ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (final Record r : records.subList(0, 3))
        {
            joined.write(r.payload());
        }
        assertArrayEquals(data, joined.toByteArray());
        assertEquals(RecordLayout.END_OF_STREAM, records.get(3).type());
    }

    @Test
    void anEmptyFileIsAnEmptyStream() throws Exception
    {
        final Path input = dir.resolve("empty.bin");
        Files.write(input, new byte[0]);
        assertEquals(0, produce("--source", "file:" + input), stderr());
        assertTrue(stderr().startsWith("produced 0 records, 0 bytes in "), stderr());
        final List<Record> records = drain();
        assertEquals(1, records.size());
        assertEquals(RecordLayout.END_OF_STREAM, records.get(0).type());
    }

    @Test
    void rateSpacesTheRecordsOut()
    {
        final long start = System.nanoTime();
        assertEquals(0, produce("--count", "21", "--size", "16", "--rate", "200"), stderr());
        final long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 95, "20 intervals of 5 ms: " + millis + " ms");
        assertEquals(22, drain().size());
    }

    @Test
    void optionsAreCheckedBeforeAnythingIsWritten()
    {
        assertEquals(2, produce("--size", "15"));
        assertTrue(stderr().contains("--size 15 must be at least 16 (sequence and checksum)"), stderr());
        assertEquals(2, produce("--size", "3g"));
        assertEquals(2, produce("--source", "nowhere"));
        assertTrue(stderr().contains("--source 'nowhere': use gen, stdin or file:PATH"), stderr());
        assertEquals(2, produce("--source", "file:"));
        assertEquals(2, produce("--batch", "0"));
        assertTrue(stderr().contains("--batch must be at least 1"), stderr());
        assertFalse(Files.exists(channel()), "no channel for bad options");
        assertEquals(2, produce("--source", "file:" + dir.resolve("missing")));
        assertTrue(stderr().contains(": no such readable file"), stderr());
        assertEquals(2, produce("--size", "513"));
        assertTrue(stderr().contains("--size 513 exceeds the largest record of 512 bytes a new channel holds " +
            "(capacity / 8); use a larger --capacity"), stderr());
        assertFalse(Files.exists(channel()), "no channel for a missing source file or a record the new one cannot hold");
        assertEquals(0, produce("--size", "512", "--count", "1"), stderr());
        assertEquals(0, produce("--batch", "1", "--size", "16", "--count", "1"), stderr());
    }

    @Test
    void aBadOptionPrintsTheErrorAndOneLinePointingAtHelpNotTheWholeHelp()
    {
        assertEquals(2, produce("--wait", "sleepy"));
        assertEquals(List.of("producer: Invalid value for option '--wait': unknown wait strategy 'sleepy': use spin, " +
            "backoff, signal or futex", "see 'producer --help'"), stderr().lines().toList());
        assertEquals(2, produce("--size", "15"));
        assertEquals(2, stderr().lines().count(), stderr());
        assertTrue(stderr().endsWith("see 'producer --help'" + System.lineSeparator()), stderr());
    }

    @Test
    void aCapacityOutOfRangeIsAUsageErrorInTheUnitsTyped()
    {
        err.reset();
        assertEquals(2, Daemon.run(new ProducerMain(), "--channel", channel().toString(), "--capacity", "1k"));
        assertTrue(stderr().startsWith("producer: --capacity 1k: a channel's ring is a power of two from 4k to 1g\n"),
            stderr());
        err.reset();
        assertEquals(2, Daemon.run(new ProducerMain(), "--channel", channel().toString(), "--capacity", "6000"));
        assertTrue(stderr().contains("--capacity 6000: a channel's ring is a power of two from 4096 to 1073741824 " +
            "bytes"), stderr());
        err.reset();
        assertEquals(2, Daemon.run(new ProducerMain(), "--mailbox", channel().toString(), "--capacity", "64",
            "--slot-size", "64"));
        assertTrue(stderr().contains("--capacity 64: a mailbox's capacity (slots x --slot-size 64) is a power of two " +
            "from 128 to 67108864 bytes"), stderr());
        assertFalse(Files.exists(channel()), "nothing created");
    }

    @Test
    void aMessageTheNewMailboxCouldNotHoldCreatesNoMailbox()
    {
        err.reset();
        assertEquals(2, Daemon.run(new ProducerMain(), "--mailbox", channel().toString(), "--slot-size", "64",
            "--capacity", "4k", "--size", "17"));
        assertTrue(stderr().contains("--size 17 exceeds the largest record of 16 bytes a new mailbox holds; use a " +
            "larger --slot-size"), stderr());
        assertFalse(Files.exists(channel()));
    }

    @Test
    void aProducerBlockedOnAFullRingWithNoConsumerSaysSoOnce() throws Exception
    {
        final int[] code = {-1};
        final Thread producer = new Thread(() -> code[0] = produce("--count", "300", "--size", "16")); // 4k: 128 fit
        producer.start();
        final String line = "producer: waiting for a consumer on " + channel() + " (the ring is full)";
        final long start = System.nanoTime();
        while (!stderr().contains(line) && System.nanoTime() - start < 10_000_000_000L)
        {
            Thread.sleep(10);
        }
        assertTrue(stderr().contains(line), stderr());
        int records = 0;
        while (producer.isAlive() || records < 300)
        {
            final int n = drain().size();
            records += n;
            if (n == 0)
            {
                Thread.sleep(5);
            }
            assertTrue(System.nanoTime() - start < 30_000_000_000L, "the producer finishes once drained");
        }
        assertEquals(0, code[0], stderr());
        assertEquals(301, records, "300 records and END_OF_STREAM");
        assertEquals(1, stderr().lines().filter(l -> l.contains("waiting for a consumer")).count(), stderr());
    }

    @Test
    void aProducerThatNeverFillsTheRingSaysNothingAboutWaiting()
    {
        assertEquals(0, produce("--count", "10", "--size", "16"), stderr());
        assertFalse(stderr().contains("waiting"), stderr());
    }

    @Test
    void everyHelpReadsAt80Columns()
    {
        assertEquals(List.of("producer"), io.mmipc.cli.HelpCheck.assertEveryHelpReadsAt80(new ProducerMain()));
    }

    @Test
    void toAMailboxEachRecordIsOneMessage() throws Exception
    {
        final Path box = dir.resolve("box.mmipc");
        err.reset();
        assertEquals(0, Daemon.run(new ProducerMain(), "--mailbox", box.toString(), "--count", "5", "--size", "40"),
            stderr());
        assertTrue(stderr().startsWith("produced 5 records, 200 bytes in "), stderr());
        try (Mailbox mailbox = Mailbox.open(box, "test", new StopFlag()))
        {
            for (int i = 0; i < 5; i++)
            {
                final Message m = mailbox.receive(Duration.ofSeconds(5));
                assertNotNull(m);
                final UnsafeBuffer view = new UnsafeBuffer(m.payload());
                assertEquals(i, GeneratedPayload.sequence(view, 0));
                assertEquals(i, m.senderSequence());
                assertEquals(GeneratedPayload.storedChecksum(view, 0), GeneratedPayload.checksum(view, 0, 40));
            }
            assertNull(mailbox.receive(Duration.ofMillis(50)), "no END_OF_STREAM from a mailbox producer");
        }
        err.reset();
        assertEquals(2, Daemon.run(new ProducerMain(), "--mailbox", box.toString(), "--size", "5000"));
        assertTrue(stderr().contains("exceeds the mailbox's largest message"), stderr());
    }

    @Test
    void fileToAMailboxIsCutIntoMessages() throws Exception
    {
        final Path box = dir.resolve("lines.mmipc");
        final Path input = dir.resolve("in.txt");
        Files.writeString(input, "x".repeat(2000));
        err.reset();
        assertEquals(0, Daemon.run(new ProducerMain(), "--mailbox", box.toString(), "--source", "file:" + input),
            stderr());
        try (Mailbox mailbox = Mailbox.open(box, "test", new StopFlag()))
        {
            int total = 0;
            Message m;
            while ((m = mailbox.receive(Duration.ofMillis(100))) != null)
            {
                assertTrue(m.payload().length <= mailbox.maxMessageLength());
                total += m.payload().length;
            }
            assertEquals(2000, total);
        }
    }
}
