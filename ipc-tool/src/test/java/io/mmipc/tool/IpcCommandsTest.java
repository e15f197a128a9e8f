package io.mmipc.tool;

import io.mmipc.WaitStrategy;
import io.mmipc.cli.Daemon;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.signal.StopFlag;
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
    void typeIdsTravelWithEachMessageAndRecvTypeTakesOnlyThatTypeNamingTheOthers()
    {
        final String box = box("typed");
        assertEquals(0, ipc("mailbox", "create", box));
        assertEquals(0, ipc("send", box, "order-1", "--type", "7"), stderr());
        assertEquals(0, ipc("send", box, "heartbeat", "--type", "9", "--name", "bob"), stderr());
        assertEquals(0, ipc("send", box, "order-2", "--type", "7"), stderr());
        assertEquals(0, ipc("send", box, "untyped"), stderr());
        assertEquals(0, ipc("recv", box, "--type", "7", "--count", "2", "--timeout", "5s", "--show-type"), stderr());
        assertEquals("7: order-1\n7: order-2\n", stdout());
        assertEquals("recv: took a message of type 9 from bob (9 bytes), not --type 7\n", stderr(),
            "the message of another type is named, not lost silently");
        assertEquals(0, ipc("recv", box, "--timeout", "5s", "--show-type", "--show-sender"), stderr());
        assertTrue(stdout().matches("\\d+ \\d+: 0: untyped\n"), "no --type: type 0 " + stdout());
        assertEquals(2, ipc("send", box, "x", "--type", "16777216"));
        assertTrue(stderr().contains("--type 16777216: a type id is from 0 to 16777215"), stderr());
        assertEquals(2, ipc("recv", box, "--type", "-1"));
    }

    @Test
    void aDirectMessageCarriesItsTypeToTheInbox()
    {
        System.setProperty("mmipc.dir", dir.toString());
        try
        {
            assertEquals(0, ipc("send", "--to-name", "carol", "--name", "dave", "--type", "42", "ping"), stderr());
            assertEquals(0, ipc("recv", "--inbox", "--name", "carol", "--timeout", "5s", "--show-type", "--show-sender"),
                stderr());
            assertEquals("dave 0: 42: ping\n", stdout());
        }
        finally
        {
            System.clearProperty("mmipc.dir");
        }
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
        final java.util.Map<String, String> row = StatTable.rows(stat, "HEAD").get(0);
        assertEquals("2", row.get("FILL_MSGS"), stat);
        assertEquals("12.5%", row.get("FILL"), stat);
        assertEquals(List.of("2", "-", "0", "-"), List.of(row.get("SENT"), row.get("SENT_RATE"), row.get("RECEIVED"),
            row.get("RECV_RATE")), stat);
    }

    @Test
    void statShowsAChannelsPositionsSemaphoresAndParticipants() throws Exception
    {
        final Path channel = dir.resolve("plain.mmipc");
        ChannelFile.createOrOpen(channel, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        assertEquals(0, ipc("stat", channel.toString()), stderr());
        final String stat = stdout();
        assertTrue(stat.startsWith("channel " + channel + ": capacity 4096, max record 512\n"), stat);
        assertEquals(java.util.Map.of("HEAD", "0", "TAIL", "0", "FILL_BYTES", "0", "FILL", "0.0%", "FREE", "4096",
            "FREE_PARKED", "0", "USED", "0", "USED_PARKED", "0", "NEXT_SEQ", "0", "EXPECTED", "0"),
            StatTable.rows(stat, "HEAD").get(0), stat);
        final List<java.util.Map<String, String>> sides = StatTable.rows(stat, "ROLE");
        assertEquals(List.of("producer", "consumer"), sides.stream().map(r -> r.get("ROLE")).toList(), stat);
        assertEquals(List.of("EMPTY", "EMPTY"), sides.stream().map(r -> r.get("STATE")).toList(), stat);
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
        final java.util.Map<String, String> ring = StatTable.rows(stat, "HEAD").get(0);
        assertEquals(List.of("224", "560", "336", "8.2%"), List.of(ring.get("HEAD"), ring.get("TAIL"),
            ring.get("FILL_BYTES"), ring.get("FILL")), stat);
        // FREE: what the consumer gave back; the producer keeps the rest it took in bulk in its own reserve
        assertEquals(List.of("224", "0", "6", "0"), List.of(ring.get("FREE"), ring.get("FREE_PARKED"), ring.get("USED"),
            ring.get("USED_PARKED")), stat);
        assertEquals(List.of("10", "4"), List.of(ring.get("NEXT_SEQ"), ring.get("EXPECTED")), stat);
        final List<java.util.Map<String, String>> sides = StatTable.rows(stat, "ROLE");
        for (int i = 0; i < 2; i++)
        {
            final java.util.Map<String, String> side = sides.get(i);
            assertEquals(List.of(i == 0 ? "producer" : "consumer", "RUNNING", Long.toString(me), i == 0 ? "spin" : "backoff",
                i == 0 ? "10" : "4", "-", i == 0 ? "400" : "160", "0"), List.of(side.get("ROLE"), side.get("STATE"),
                side.get("PID"), side.get("WAIT"), side.get("RECORDS"), side.get("RATE"), side.get("BYTES"),
                side.get("WAITS")), stat);
            assertTrue(side.get("HEARTBEAT").matches("\\d+ms") && side.get("WAKEUPS").matches("\\d+"), stat);
        }
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
        final List<java.util.Map<String, String>> sides = StatTable.rows(out, "ROLE"); // both reports' rows
        assertEquals(4, sides.size(), out);
        assertEquals(List.of("500", "-"), List.of(sides.get(0).get("RECORDS"), sides.get(0).get("RATE")), out);
        assertEquals("1500", sides.get(2).get("RECORDS"), out);
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/s").matcher(sides.get(2).get("RATE"));
        assertTrue(m.matches(), out);
        final long rate = Long.parseLong(m.group(1));
        assertTrue(rate > 500 && rate <= 1000, "1000 records in a little over a second (a busy machine may stretch it): " + rate);
        assertEquals("0/s", sides.get(3).get("RATE"), out);
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
        final java.util.Map<String, String> ring = StatTable.rows(stat, "HEAD").get(0);
        assertEquals(List.of("1", "2", "1", "0.0%", "4095", "1", "2", "1"), List.of(ring.get("HEAD"), ring.get("TAIL"),
            ring.get("FILL_MSGS"), ring.get("FILL"), ring.get("FREE"), ring.get("USED"), ring.get("SENT"),
            ring.get("RECEIVED")), stat);
        final List<String> people = StatTable.rows(stat, "STATE").stream().map(r -> r.get("STATE") + " " + r.get("PID") +
            " " + r.get("NAME") + " " + r.get("ROLES")).toList();
        assertTrue(people.contains("RUNNING " + me + " alice sender"), stat);
        assertTrue(people.contains("RUNNING " + me + " bob receiver"), stat);
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
        final List<java.util.Map<String, String>> sides = StatTable.rows(stat, "ROLE");
        for (int b = 0; b < 2; b++)
        {
            final java.util.Map<String, String> side = sides.get(b);
            assertEquals(List.of("EMPTY", "0", "-", "-", "" + (10 * (b + 1) + 1), "" + (10 * (b + 1) + 2),
                "" + (10 * (b + 1) + 3), "" + (10 * (b + 1) + 4)), List.of(side.get("STATE"), side.get("PID"),
                side.get("HEARTBEAT"), side.get("WAIT"), side.get("RECORDS"), side.get("BYTES"), side.get("WAITS"),
                side.get("WAKEUPS")), stat);
        }
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
        final List<java.util.Map<String, String>> rows = StatTable.rows(stdout(), "HEAD");
        assertEquals(2, rows.size(), stdout());
        assertEquals(List.of("1", "-", "0", "-"), List.of(rows.get(0).get("SENT"), rows.get(0).get("SENT_RATE"),
            rows.get(0).get("RECEIVED"), rows.get(0).get("RECV_RATE")), stdout());
        assertEquals(List.of("501", "0", "0/s"), List.of(rows.get(1).get("SENT"), rows.get(1).get("RECEIVED"),
            rows.get(1).get("RECV_RATE")), stdout());
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/s").matcher(rows.get(1).get("SENT_RATE"));
        assertTrue(m.matches(), stdout());
        final long rate = Long.parseLong(m.group(1));
        assertTrue(rate > 250 && rate <= 500, "500 messages in a little over a second (a busy machine may stretch it): " + rate);
    }
}
