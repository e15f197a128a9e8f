package io.mmipc.consumer;

import io.mmipc.WaitStrategy;
import io.mmipc.cli.Daemon;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.cli.GeneratedPayload;
import io.mmipc.core.ring.RingProducer;
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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The consumer daemon run in this JVM on a channel whose whole stream a producer endpoint here has
 * already written: each sink, --count, the throughput line, exit codes 1 and 2, and a mailbox
 * consumer's per-sender order check and ledger.
 */
class ConsumerMainTest
{
    private static final int SIZE = 40;

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

    /** Writes gen records {@code sequences} (as payload sequences), then END_OF_STREAM if asked. */
    private void produce(final long[] payloadSequences, final boolean end)
    {
        try (ChannelEndpoint producer = ChannelEndpoint.attach(channel(), 16384, 2048,
            PosixFilePermissions.fromString("rw-------"), false, Role.PRODUCER, WaitStrategy.SPIN, new StopFlag(), 4))
        {
            final RingProducer ring = producer.producer();
            for (final long s : payloadSequences)
            {
                final int at = ring.claim(SIZE);
                GeneratedPayload.write(ring.buffer(), at, SIZE, s);
                ring.commit();
            }
            if (end)
            {
                ring.endOfStream();
            }
            ring.flush();
        }
    }

    private static long[] upTo(final int n)
    {
        final long[] s = new long[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = i;
        }
        return s;
    }

    private int consume(final String... args)
    {
        err.reset();
        final List<String> all = new ArrayList<>(List.of("--channel", channel().toString(), "--wait", "spin"));
        all.addAll(List.of(args));
        return Daemon.run(new ConsumerMain(), all.toArray(String[]::new));
    }

    @Test
    void verifySinkPassesAWholeStreamAndSaysSoTimedFromTheFirstRecord()
    {
        produce(upTo(100), true);
        assertEquals(0, consume("--sink", "verify"), stderr());
        assertTrue(stderr().startsWith("consumed 100 records, 4000 bytes in "), stderr());
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
    void throughputLinesGiveThePlausibleTimeOfTheRun()
    {
        produce(upTo(100), true);
        assertEquals(0, consume("--sink", "discard"), stderr());
        seconds();
        final Path box = dir.resolve("timed.mmipc");
        sendToMailbox(box, "alice", 0, 1);
        endOfStream(box);
        err.reset();
        assertEquals(0, Daemon.run(new ConsumerMain(), "--mailbox", box.toString(), "--sink", "discard"), stderr());
        seconds();
    }

    @Test
    void countOfALaterConsumerCountsItsOwnRecords()
    {
        produce(upTo(50), true);
        assertEquals(0, consume("--sink", "verify", "--count", "20"), stderr());
        assertEquals(0, consume("--sink", "verify", "--count", "10"), stderr());
        assertTrue(stderr().startsWith("consumed 10 records, 400 bytes in "), stderr());
        assertEquals(0, consume("--sink", "verify"), stderr());
        assertTrue(stderr().startsWith("consumed 20 records, 800 bytes in "), stderr());
    }

    @Test
    void verifySinkFailsABadStreamWithExitOne()
    {
        produce(new long[] {0, 1, 2, 9, 4}, true);
        assertEquals(1, consume("--sink", "verify"));
        assertEquals("consumer: verification failed: record 3 carries payload of sequence 9\n", stderr());
    }

    @Test
    void countStopsAfterThatManyRecordsLeavingTheRestInTheChannel()
    {
        produce(upTo(50), true);
        assertEquals(0, consume("--sink", "verify", "--count", "20"), stderr());
        assertTrue(stderr().startsWith("consumed 20 records, 800 bytes in "), stderr());
        assertEquals(0, consume("--sink", "verify"), "the next consumer continues at 20: " + stderr());
        assertTrue(stderr().startsWith("consumed 30 records, 1200 bytes in "), stderr());
    }

    @Test
    void fileSinkWritesEachPayloadOnceAndAKnownWholeStreamIsNotReadAgain() throws Exception
    {
        produce(upTo(10), true);
        final Path out = dir.resolve("out.bin");
        assertEquals(0, consume("--sink", "file:" + out), stderr());
        assertEquals(10L * SIZE, Files.size(out));
        final UnsafeBuffer bytes = new UnsafeBuffer(Files.readAllBytes(out));
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, GeneratedPayload.sequence(bytes, i * SIZE));
        }
        assertTrue(Files.exists(dir.resolve("out.bin.mmipc-offset")));
        assertEquals(0, consume("--sink", "file:" + out), stderr());
        assertTrue(stderr().contains(out + " already holds a whole stream (see " + out + ".mmipc-offset); nothing to do"),
            stderr());
        assertEquals(10L * SIZE, Files.size(out));
    }

    @Test
    void discardSinkCountsWithoutWriting()
    {
        produce(upTo(7), true);
        assertEquals(0, consume("--sink", "discard"), stderr());
        assertTrue(stderr().startsWith("consumed 7 records, 280 bytes in "), stderr());
    }

    @Test
    void unknownSinkIsAUsageError()
    {
        for (final String sink : new String[] {"nowhere", "file:", "FILE:x", "verify2"})
        {
            assertEquals(2, consume("--sink", sink), sink);
            assertTrue(stderr().contains("--sink '" + sink + "': use verify, stdout, file:PATH or discard"), stderr());
        }
    }

    @Test
    void aBadSinkOrASinkInAMissingFolderCreatesNoChannel()
    {
        final Path fresh = dir.resolve("fresh.mmipc");
        err.reset();
        assertEquals(2, Daemon.run(new ConsumerMain(), "--channel", fresh.toString(), "--sink", "stdot"));
        assertEquals(java.util.List.of("consumer: --sink 'stdot': use verify, stdout, file:PATH or discard",
            "see 'consumer --help'"), stderr().lines().toList());
        err.reset();
        assertEquals(74, Daemon.run(new ConsumerMain(), "--channel", fresh.toString(), "--sink",
            "file:" + dir.resolve("no/such/folder/out")));
        assertTrue(stderr().contains("consumer: I/O error cannot open sink file " + dir.resolve("no/such/folder/out") +
            ": no folder " + dir.resolve("no/such/folder")), stderr());
        assertFalse(java.nio.file.Files.exists(fresh), "no channel file for a bad sink");
    }

    @Test
    void aConsumerWithNoProducerSaysOnceAfterASecondThatItIsWaitingForOne() throws Exception
    {
        final int[] code = {-1};
        final long start = System.nanoTime();
        final Thread consumer = new Thread(() -> code[0] = consume("--count", "1", "--capacity", "16k"));
        consumer.start();
        final String line = "consumer: waiting for a producer on " + channel();
        while (!stderr().contains(line) && System.nanoTime() - start < 10_000_000_000L)
        {
            Thread.sleep(10);
        }
        final long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(stderr().contains(line), stderr());
        assertTrue(millis >= 900, "after about a second, not at once: " + millis);
        Thread.sleep(1_500); // said once, not once a second
        produce(upTo(1), false);
        consumer.join(10_000);
        assertEquals(0, code[0], stderr());
        assertEquals(1, stderr().lines().filter(l -> l.contains("waiting for a producer")).count(), stderr());
        assertTrue(stderr().contains("consumed 1 records"), stderr());
    }

    @Test
    void aConsumerWhoseProducerIsThereSaysNothingAboutWaiting() throws Exception
    {
        produce(upTo(3), true);
        assertEquals(0, consume("--capacity", "16k"), stderr());
        assertFalse(stderr().contains("waiting"), stderr());
    }

    @Test
    void everyHelpReadsAt80Columns()
    {
        assertEquals(java.util.List.of("consumer"), io.mmipc.cli.HelpCheck.assertEveryHelpReadsAt80(new ConsumerMain()));
    }

    private void sendToMailbox(final Path box, final String as, final long... sequences)
    {
        try (Mailbox mailbox = Mailbox.create(box, Mailbox.Options.DEFAULT, as, new StopFlag()))
        {
            final byte[] payload = new byte[SIZE];
            for (final long s : sequences)
            {
                GeneratedPayload.write(new UnsafeBuffer(payload), 0, SIZE, s);
                mailbox.send(payload);
            }
        }
    }

    private static void endOfStream(final Path box)
    {
        try (Mailbox mailbox = Mailbox.open(box, "eos", new StopFlag()))
        {
            mailbox.send(RecordLayout.END_OF_STREAM, new byte[0], 0, 0);
        }
    }

    @Test
    void mailboxConsumerVerifiesEachSendersOrderAndWritesTheLedger() throws Exception
    {
        final Path box = dir.resolve("box.mmipc");
        sendToMailbox(box, "alice", 0, 1, 2);
        sendToMailbox(box, "bob", 0, 1);
        endOfStream(box);
        final Path ledger = dir.resolve("ledger.txt");
        err.reset();
        assertEquals(0, Daemon.run(new ConsumerMain(), "--mailbox", box.toString(), "--sink", "verify",
            "--ledger", ledger.toString()), stderr());
        assertTrue(stderr().startsWith("consumed 5 records, 200 bytes in "), stderr());
        assertTrue(stderr().contains(" from 2 senders, each in order"), stderr());
        final long pid = ProcessHandle.current().pid();
        assertEquals(List.of(pid + " 0 0", pid + " 1 1", pid + " 2 2", pid + " 0 3", pid + " 1 4"), Files.readAllLines(ledger),
            "PID SEQUENCE POSITION per message");
    }

    @Test
    void mailboxConsumerStopsAtCount()
    {
        final Path box = dir.resolve("counted.mmipc");
        sendToMailbox(box, "alice", 0, 1, 2, 3);
        err.reset();
        assertEquals(0, Daemon.run(new ConsumerMain(), "--mailbox", box.toString(), "--sink", "discard", "--count", "3"),
            stderr());
        assertTrue(stderr().startsWith("consumed 3 records, 120 bytes in "), stderr());
    }

    @Test
    void aLedgerThatCannotBeWrittenIsAnIoError()
    {
        final Path box = dir.resolve("l.mmipc");
        sendToMailbox(box, "alice", 0);
        err.reset();
        assertEquals(74, Daemon.run(new ConsumerMain(), "--mailbox", box.toString(), "--count", "1",
            "--ledger", dir.resolve("no").resolve("ledger.txt").toString()), stderr());
    }
}
