package io.mmipc.tool;

import io.mmipc.cli.Daemon;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.WaitStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ipc} commands run in this JVM on mailbox and channel files named by path: what they print
 * and the exit codes of its footer (0 done, 2 usage, 3 missing or corrupt, 5 timeout). Several
 * processes at once, {@code mailbox list} and {@code --to PID} are in the integration tests.
 */
class IpcCommandsTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private InputStream savedIn;

    @BeforeEach
    void capture()
    {
        savedOut = System.out;
        savedErr = System.err;
        savedIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(savedOut);
        System.setErr(savedErr);
        System.setIn(savedIn);
    }

    private int ipc(final String... args)
    {
        out.reset();
        err.reset();
        return Daemon.run(new IpcMain(), args);
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String box(final String name)
    {
        return dir.resolve(name + ".mmipc").toString();
    }

    @Test
    void createSendReceiveDestroy() throws Exception
    {
        final String box = box("jobs");
        assertEquals(0, ipc("mailbox", "create", box, "--slots", "8", "--slot-size", "256"), stderr());
        assertEquals("mailbox " + box + " at " + box + ": 8 slots, messages up to 208 bytes\n", stdout());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(Path.of(box)));
        assertEquals(0, ipc("send", box, "hello"), stderr());
        assertEquals(0, ipc("send", box, "world", "--name", "alice"), stderr());
        assertEquals(0, ipc("recv", box, "--timeout", "5s"), stderr());
        assertEquals("hello\n", stdout());
        assertEquals(0, ipc("recv", box, "--timeout", "5s", "--show-sender"), stderr());
        assertTrue(stdout().matches("alice 0: world\n"), stdout());
        assertEquals(0, ipc("mailbox", "destroy", box), stderr());
        assertEquals("mailbox " + box + " destroyed\n", stdout());
        assertFalse(Files.exists(Path.of(box)));
    }

    @Test
    void createWithModeSharesWithTheGroup() throws Exception
    {
        final String box = box("shared");
        assertEquals(0, ipc("mailbox", "create", box, "--mode", "660"), stderr());
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(Path.of(box)));
    }

    @Test
    void createWithSizesThatAreNotPowersOfTwoIsRefused()
    {
        final int code = ipc("mailbox", "create", box("odd"), "--slots", "6");
        assertNotEquals(0, code);
        assertTrue(code == 2 || code == 3, "a usage or file error: " + code);
        assertFalse(Files.exists(Path.of(box("odd"))));
        assertTrue(stderr().contains("6"), stderr());
    }

    @Test
    void sendReadsEachLineOfStdinAsOneMessageInOrder()
    {
        final String box = box("lines");
        assertEquals(0, ipc("mailbox", "create", box));
        System.setIn(new ByteArrayInputStream("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, ipc("send", box, "-"), stderr());
        assertEquals(0, ipc("recv", box, "--count", "3", "--timeout", "5s"), stderr());
        assertEquals("one\ntwo\nthree\n", stdout());
    }

    @Test
    void endOfStreamEndsAReceiveEarly()
    {
        final String box = box("eos");
        assertEquals(0, ipc("mailbox", "create", box));
        assertEquals(0, ipc("send", box, "last", "--eos"), stderr());
        assertEquals(0, ipc("recv", box, "--count", "5", "--timeout", "5s"), stderr());
        assertEquals("last\n", stdout());
        assertEquals(0, ipc("send", box, "--eos"), "--eos alone needs no message: " + stderr());
    }

    @Test
    void receiveTimesOutWithExitFiveSayingHowManyCame()
    {
        final String box = box("quiet");
        assertEquals(0, ipc("mailbox", "create", box));
        assertEquals(0, ipc("send", box, "only"));
        final long start = System.nanoTime();
        assertEquals(5, ipc("recv", box, "--count", "2", "--timeout", "200ms"));
        assertTrue(System.nanoTime() - start >= 150_000_000L, "waited for the timeout");
        assertEquals("only\n", stdout());
        assertEquals("recv: timed out after 200 ms with 1 of 2 messages\n", stderr());
    }

    @Test
    void usageErrorsAreExitTwo()
    {
        assertEquals(2, ipc());
        assertTrue(stderr().contains("name a subcommand"), stderr());
        assertEquals(2, ipc("mailbox"));
        assertTrue(stderr().contains("name one: create, destroy or list"), stderr());
        assertEquals(2, ipc("recv"));
        assertTrue(stderr().contains("give a MAILBOX or --inbox"), stderr());
        assertEquals(2, ipc("recv", box("x"), "--inbox"));
        assertEquals(2, ipc("recv", box("x"), "--from", "alice"));
        assertTrue(stderr().contains("--from works on an inbox"), stderr());
        assertEquals(2, ipc("send", "--to", "1", "--to-name", "bob", "hi"));
        assertTrue(stderr().contains("give --to or --to-name, not both"), stderr());
        assertEquals(2, ipc("send", "--to", "1"));
        assertTrue(stderr().contains("give one MESSAGE (or '-') after --to/--to-name"), stderr());
        assertEquals(2, ipc("send", "--to", "1", "a", "b"));
        assertEquals(2, ipc("send"));
        assertTrue(stderr().contains("give a MAILBOX, then a MESSAGE (or '-')"), stderr());
        assertEquals(2, ipc("send", box("x")));
        assertTrue(stderr().contains("give a MESSAGE, or '-' to read them from stdin"), stderr());
        assertEquals(2, ipc("recv", box("x"), "--timeout", "soon"));
        assertEquals(2, ipc("send", "no spaces", "x"));
        assertTrue(stderr().contains("invalid channel name 'no spaces'"), stderr());
    }

    @Test
    void missingForeignOrTruncatedMailboxIsExitThreeNamingIt() throws Exception
    {
        final String missing = box("missing");
        assertEquals(3, ipc("send", missing, "x"));
        assertTrue(stderr().contains(missing), stderr());
        assertEquals(3, ipc("recv", missing, "--timeout", "1s"));
        assertEquals(3, ipc("mailbox", "destroy", missing));
        assertEquals(3, ipc("stat", missing));

        final Path foreign = dir.resolve("foreign.mmipc");
        Files.write(foreign, new byte[8192]);
        assertEquals(3, ipc("send", foreign.toString(), "x"));
        assertTrue(stderr().contains(foreign.toString()), stderr());

        final String box = box("cut");
        assertEquals(0, ipc("mailbox", "create", box));
        try (var channel = java.nio.channels.FileChannel.open(Path.of(box), java.nio.file.StandardOpenOption.WRITE))
        {
            channel.truncate(channel.size() / 2);
        }
        assertEquals(3, ipc("send", box, "x"));
        assertTrue(stderr().contains(box), stderr());
        assertEquals(3, ipc("recv", box, "--timeout", "1s"));
    }

    @Test
    void statShowsAMailboxsSlotsFillAndCounters()
    {
        final String box = box("seen");
        assertEquals(0, ipc("mailbox", "create", box, "--slots", "16"));
        assertEquals(0, ipc("send", box, "a"));
        assertEquals(0, ipc("send", box, "b"));
        assertEquals(0, ipc("stat", box), stderr());
        final String stat = stdout();
        assertTrue(stat.startsWith("mailbox " + box + ": 16 slots of 1024 bytes\n"), stat);
        assertTrue(stat.contains("fill 2 messages (12.5%)"), stat);
        assertTrue(stat.contains("sent 2 (-)  received 0 (-)"), stat);
    }

    @Test
    void statShowsAChannelsPositionsSemaphoresAndParticipants() throws Exception
    {
        final Path channel = dir.resolve("plain.mmipc");
        ChannelFile.createOrOpen(channel, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        assertEquals(0, ipc("stat", channel.toString()), stderr());
        final String stat = stdout();
        assertTrue(stat.startsWith("channel " + channel + ": capacity 4096, max record 512\n"), stat);
        assertTrue(stat.contains("head 0  tail 0  fill 0 bytes (0.0%)"), stat);
        assertTrue(stat.contains("FREE 4096 (0 parked)  USED 0 (0 parked)"), stat);
        assertTrue(stat.contains("next sequence 0, consumer expects 0"), stat);
        assertTrue(stat.lines().anyMatch(l -> l.trim().startsWith("producer") && l.contains("EMPTY")), stat);
        assertTrue(stat.lines().anyMatch(l -> l.trim().startsWith("consumer") && l.contains("EMPTY")), stat);
        assertEquals(4096, ChannelDescriptor.HEADER_LENGTH);
    }

    @Test
    void statShowsTheNumbersOfARunningChannel() throws Exception
    {
        final Path path = dir.resolve("busy.mmipc");
        final StopFlag stop = new StopFlag();
        try (ChannelEndpoint producer = ChannelEndpoint.attach(path, 4096, 512,
                PosixFilePermissions.fromString("rw-------"), true, Role.PRODUCER, WaitStrategy.SPIN, stop, 4);
            ChannelEndpoint consumer = ChannelEndpoint.attach(path, 4096, 512,
                PosixFilePermissions.fromString("rw-------"), true, Role.CONSUMER, WaitStrategy.BACKOFF, stop, 1))
        {
            for (int i = 0; i < 10; i++)
            {
                producer.producer().write(new byte[40], 0, 40); // 56 bytes each in the ring
            }
            producer.producer().flush();
            assertEquals(4, consumer.consumer().poll((type, sequence, buffer, offset, length) -> { }, 4));
            assertEquals(0, ipc("stat", path.toString()), stderr());
        }
        final String stat = stdout();
        final long me = ProcessHandle.current().pid();
        assertTrue(stat.contains("  head 224  tail 560  fill 336 bytes (8.2%)\n"), stat);
        // FREE: what the consumer gave back; the producer keeps the rest it took in bulk in its own reserve
        assertTrue(stat.contains("  FREE 224 (0 parked)  USED 6 (0 parked)\n"), stat);
        assertTrue(stat.contains("  next sequence 10, consumer expects 4\n"), stat);
        final String producerLine = stat.lines().filter(l -> l.startsWith("  producer")).findFirst().orElseThrow();
        assertTrue(producerLine.matches("  producer RUNNING  pid " + me + " +heartbeat \\d+ ms ago  wait spin  " +
            "records 10 \\(-\\)  bytes 400  waits 0  wake-ups sent \\d+"), producerLine);
        final String consumerLine = stat.lines().filter(l -> l.startsWith("  consumer")).findFirst().orElseThrow();
        assertTrue(consumerLine.matches("  consumer RUNNING  pid " + me + " +heartbeat \\d+ ms ago  wait backoff  " +
            "records 4 \\(-\\)  bytes 160  waits 0  wake-ups sent \\d+"), consumerLine);
    }

    @Test
    void statWatchReportsEverySecondWithTheRateSinceTheLastReport() throws Exception
    {
        final Path path = dir.resolve("watched.mmipc");
        try (ChannelFile file = ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")))
        {
            file.buffer().putLongVolatile(ChannelDescriptor.PRODUCER_COUNTERS_OFFSET + ChannelDescriptor.COUNTER_RECORDS,
                500);
        }
        final Thread traffic = new Thread(() ->
        {
            try (ChannelFile file = ChannelFile.open(path))
            {
                while (!stdout().contains("\n\n")) // after the first report (a blank line ends it)
                {
                    Thread.sleep(5);
                }
                file.buffer().putLongVolatile(ChannelDescriptor.PRODUCER_COUNTERS_OFFSET + ChannelDescriptor.COUNTER_RECORDS,
                    1500);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        traffic.start();
        final long start = System.nanoTime();
        assertEquals(0, ipc("stat", path.toString(), "--watch", "--count", "2"), stderr());
        final long millis = (System.nanoTime() - start) / 1_000_000;
        traffic.join();
        final String out = stdout();
        assertEquals(2, out.lines().filter(l -> l.startsWith("channel ")).count(), out);
        assertTrue(millis >= 950 && millis < 5000, "one second between reports, none after the last: " + millis);
        final List<String> producer = out.lines().filter(l -> l.startsWith("  producer")).toList();
        assertTrue(producer.get(0).contains("records 500 (-)"), producer.get(0));
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("records 1500 \\((\\d+)/s\\)")
            .matcher(producer.get(1));
        assertTrue(m.find(), producer.get(1));
        final long rate = Long.parseLong(m.group(1));
        assertTrue(rate > 500 && rate <= 1000, "1000 records in a little over a second (a busy machine may stretch it): " + rate);
        assertTrue(out.lines().filter(l -> l.startsWith("  consumer")).skip(1).findFirst().orElseThrow().contains("(0/s)"),
            out);
    }

    @Test
    void statOfAMailboxListsItsParticipantsByNameAndRole()
    {
        final String box = box("people");
        assertEquals(0, ipc("mailbox", "create", box));
        final StopFlag stop = new StopFlag();
        try (Mailbox alice = Mailbox.open(Path.of(box), "alice", stop);
            Mailbox bob = Mailbox.open(Path.of(box), "bob", stop))
        {
            assertTrue(alice.send("hello".getBytes(StandardCharsets.UTF_8)));
            assertTrue(alice.send("again".getBytes(StandardCharsets.UTF_8)));
            assertNotNull(bob.receive(Duration.ofSeconds(5)));
            assertEquals(0, ipc("stat", box), stderr());
        }
        final String stat = stdout();
        final long me = ProcessHandle.current().pid();
        assertTrue(stat.contains("  head 1  tail 2  fill 1 messages (0.0%)\n"), stat);
        assertTrue(stat.contains("  FREE 4095  USED 1  sent 2 (-)  received 1 (-)\n"), stat);
        assertTrue(stat.lines().anyMatch(l -> l.matches("  RUNNING  pid " + me + " +alice +sender   heartbeat \\d+ ms ago")),
            stat);
        assertTrue(stat.lines().anyMatch(l -> l.matches("  RUNNING  pid " + me + " +bob +receiver  heartbeat \\d+ ms ago")),
            stat);
    }

    @Test
    void mailboxListShowsTheMailboxesOfMmipcDirOnly() throws Exception
    {
        final Path folder = ChannelPaths.directory();
        final String env = System.getenv(ChannelPaths.DIR_ENV);
        assertNotNull(env, "the tests' own MMIPC_DIR is set (see the poms)");
        assertEquals(Path.of(env), folder);
        assertFalse(folder.startsWith("/dev/shm"), folder.toString());
        final String name = "list-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        assertEquals(0, ipc("mailbox", "create", name, "--slots", "8", "--slot-size", "128"), stderr());
        assertEquals(0, ipc("send", name, "x"), stderr());
        assertEquals(0, ipc("send", name, "y"), stderr());
        ChannelFile.createOrOpen(folder.resolve(name + "-channel.mmipc"), 4096, 512,
            PosixFilePermissions.fromString("rw-------")).close();
        try
        {
            assertEquals(0, ipc("mailbox", "list"), stderr());
            final String list = stdout();
            assertTrue(list.startsWith("NAME                        SLOTS SLOT_SIZE     FILL  SENDERS  RECEIVERS\n"), list);
            assertTrue(list.lines().anyMatch(l -> l.matches(name + " +8 +128 +25\\.0% +0 +0")), list);
            assertFalse(list.contains(name + "-channel"), "channels are not mailboxes: " + list);
        }
        finally
        {
            assertEquals(0, ipc("mailbox", "destroy", name));
            Files.deleteIfExists(folder.resolve(name + "-channel.mmipc"));
        }
    }

    @Test
    void directMessagesByNameReachTheInboxAndFromFiltersBySender()
    {
        final String bob = "bob-" + System.nanoTime();
        assertEquals(0, ipc("send", "--to-name", bob, "--name", "alice", "from alice"), stderr());
        assertEquals(0, ipc("send", "--to-name", bob, "--name", "carol", "from carol"), stderr());
        assertEquals(0, ipc("recv", "--inbox", "--name", bob, "--from", "carol", "--timeout", "5s"), stderr());
        assertEquals("from carol\n", stdout());
        assertEquals(0, ipc("recv", "--inbox", "--name", bob, "--timeout", "5s", "--show-sender"), stderr());
        assertEquals("alice 0: from alice\n", stdout());
        assertEquals(5, ipc("recv", "--inbox", "--name", bob, "--timeout", "100ms"));
        assertEquals("recv: timed out after 100 ms with 0 of 1 messages\n", stderr());
    }

    @Test
    void sendToAPidReachesThatPidsInbox()
    {
        final long me = ProcessHandle.current().pid();
        assertEquals(0, ipc("send", "--to", Long.toString(me), "--name", "dave", "to my pid"), stderr());
        assertEquals(0, ipc("recv", "--inbox", "--from", "dave", "--timeout", "5s"), stderr());
        assertEquals("to my pid\n", stdout());
    }

    @Test
    void eachReceivedLineReachesStdoutAtOnceEvenWhenStdoutIsBuffered()
    {
        final String box = box("flushed");
        assertEquals(0, ipc("mailbox", "create", box));
        assertEquals(0, ipc("send", box, "now"));
        out.reset();
        System.setOut(new PrintStream(new BufferedOutputStream(out, 8192), false, StandardCharsets.UTF_8));
        assertEquals(0, Daemon.run(new IpcMain(), "recv", box, "--timeout", "5s"));
        assertEquals("now\n", stdout(), "flushed per message, as a pipe's reader needs");
    }

    @Test
    void mailboxSizesBeyondAnIntAreRefusedNotTruncated()
    {
        final String box = box("huge");
        final int code = ipc("mailbox", "create", box, "--slots", "4294967312"); // 2^32 + 16
        assertTrue(code == 2 || code == 3, "refused: " + code + " " + stderr());
        assertFalse(Files.exists(Path.of(box)));
    }

    @Test
    void statShowsEachSidesCountersFromItsOwnBlock() throws Exception
    {
        final Path path = dir.resolve("counted.mmipc");
        try (ChannelFile file = ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")))
        {
            final int[] blocks = {ChannelDescriptor.PRODUCER_COUNTERS_OFFSET, ChannelDescriptor.CONSUMER_COUNTERS_OFFSET};
            final int[] fields = {ChannelDescriptor.COUNTER_RECORDS, ChannelDescriptor.COUNTER_BYTES,
                ChannelDescriptor.COUNTER_WAITS, ChannelDescriptor.COUNTER_WAKEUPS_SENT};
            for (int b = 0; b < 2; b++)
            {
                for (int f = 0; f < 4; f++)
                {
                    file.buffer().putLongVolatile(blocks[b] + fields[f], 10 * (b + 1) + f + 1); // 11..14, 21..24
                }
            }
        }
        assertEquals(0, ipc("stat", path.toString()), stderr());
        final String stat = stdout();
        assertTrue(stat.contains("  producer EMPTY    pid 0       heartbeat -  wait -  records 11 (-)  bytes 12  " +
            "waits 13  wake-ups sent 14\n"), stat);
        assertTrue(stat.contains("  consumer EMPTY    pid 0       heartbeat -  wait -  records 21 (-)  bytes 22  " +
            "waits 23  wake-ups sent 24\n"), stat);
    }

    @Test
    void statWatchOfAMailboxGivesItsSendAndReceiveRates() throws Exception
    {
        final String box = box("rates");
        assertEquals(0, ipc("mailbox", "create", box, "--slots", "1024"));
        assertEquals(0, ipc("send", box, "before"));
        final Thread traffic = new Thread(() ->
        {
            try (Mailbox sender = Mailbox.open(Path.of(box), "t", new StopFlag()))
            {
                while (!stdout().contains("\n\n"))
                {
                    Thread.sleep(5);
                }
                for (int i = 0; i < 500; i++)
                {
                    sender.send(new byte[8]);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        traffic.start();
        assertEquals(0, ipc("stat", box, "--watch", "--count", "2"), stderr());
        traffic.join();
        final List<String> lines = stdout().lines().filter(l -> l.contains("  FREE ")).toList();
        assertEquals(2, lines.size(), stdout());
        assertTrue(lines.get(0).contains("sent 1 (-)  received 0 (-)"), lines.get(0));
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("sent 501 \\((\\d+)/s\\)  received 0 \\(0/s\\)")
            .matcher(lines.get(1));
        assertTrue(m.find(), lines.get(1));
        final long rate = Long.parseLong(m.group(1));
        assertTrue(rate > 250 && rate <= 500, "500 messages in a little over a second (a busy machine may stretch it): " + rate);
    }
}
