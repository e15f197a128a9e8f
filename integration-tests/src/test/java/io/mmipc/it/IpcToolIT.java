package io.mmipc.it;

import io.mmipc.core.mailbox.MailboxDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scripts/ipc} promises of the README in separate JVMs: {@code mailbox list}, {@code stat
 * --watch}, {@code send --to PID}, and corrupt or truncated mailbox files refused with exit 3.
 */
class IpcToolIT extends DaemonTestSupport
{
    private String run(final String... args) throws Exception
    {
        final Script ipc = start("ipc", args);
        assertEquals(0, ipc.waitFor(60), String.join(" ", args) + ": " + ipc.stderr());
        return Files.readString(ipc.stdoutFile());
    }

    private static String line(final String output, final String name)
    {
        return output.lines().filter(l -> l.startsWith(name + " ")).findFirst()
            .orElseGet(() -> fail("no line for " + name + " in:\n" + output));
    }

    @Test
    void mailboxListShowsEachMailboxWithSlotsFillAndLiveParticipants() throws Exception
    {
        run("mailbox", "create", "jobs", "--slots", "16");
        run("mailbox", "create", "logs", "--slots", "32", "--slot-size", "256");
        run("send", "jobs", "one");
        run("send", "jobs", "two");
        start("producer", "--channel", "not-a-mailbox", "--count", "1", "--capacity", "4k").waitFor(60);

        final String listed = run("mailbox", "list");
        assertTrue(listed.startsWith("NAME"), listed);
        assertEquals(3, listed.lines().count(), "a header and the two mailboxes, not the channel:\n" + listed);
        assertTrue(line(listed, "jobs").matches("jobs +16 +1024 +12\\.5% +0 +0"), listed);
        assertTrue(line(listed, "logs").matches("logs +32 +256 +0\\.0% +0 +0"), listed);

        final Script receiver = start("ipc", "recv", "logs");
        final long deadline = System.nanoTime() + 60_000_000_000L;
        String now = listed;
        while (!line(now, "logs").matches("logs +32 +256 +0\\.0% +0 +1"))
        {
            assertTrue(System.nanoTime() < deadline, "the receiver never showed as live:\n" + now);
            Thread.sleep(100);
            now = run("mailbox", "list");
        }
        receiver.signal("TERM");
        receiver.waitFor(30);
    }

    @Test
    void statWatchPrintsEverySecondWithRatesUntilInterrupted() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "watched", "--sink", "discard");
        final Script producer = start("producer", "--channel", "watched", "--count", "100000", "--rate", "1000");
        awaitChannel("watched", consumedAtLeast(1), 60, "records to flow");
        final Script watch = start("ipc", "stat", "watched", "--watch");
        // ROLE STATE PID HEARTBEAT WAIT RECORDS RATE ...
        final Pattern consumerRate = Pattern.compile("consumer +(?:RUNNING|PARKED) +\\d+ +\\S+ +\\S+ +\\d+ +(\\d+)/s");
        final long deadline = System.nanoTime() + 60_000_000_000L;
        List<String> rates = List.of();
        while (rates.size() < 3)
        {
            assertTrue(System.nanoTime() < deadline && watch.isAlive(), "no rates from stat --watch:\n" +
                Files.readString(watch.stdoutFile()) + watch.stderr());
            Thread.sleep(200);
            rates = Files.readString(watch.stdoutFile()).lines().map(consumerRate::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).toList();
        }
        final String output = Files.readString(watch.stdoutFile());
        assertTrue(output.lines().filter(l -> l.startsWith("channel ")).count() >= 4, "one report a second:\n" + output);
        assertTrue(Pattern.compile("consumer +(?:RUNNING|PARKED) +\\d+ +\\S+ +\\S+ +\\d+ +- ").matcher(output).find(),
            "the first report has no rate yet:\n" + output);
        final long rate = Long.parseLong(rates.get(1));
        assertTrue(rate > 500 && rate < 1500, "about 1000/s: " + rates + "\n" + output);
        watch.signal("INT");
        assertEquals(0, watch.waitFor(30), watch.stderr());
        producer.signal("TERM");
        consumer.signal("TERM");
    }

    @Test
    void rmRefusesWhileDaemonsAreAttachedAndForceStopsThemFirst() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "piled", "--sink", "discard", "--capacity", "64k");
        awaitAttached("piled", io.mmipc.core.liveness.Role.CONSUMER, consumer);
        final String listed = run("list");
        assertTrue(line(listed, "piled").matches("piled +channel +64k +1 +0 +0\\.0%"), listed);

        final Script refused = start("ipc", "rm", "piled");
        assertEquals(4, refused.waitFor(60), refused.stderr());
        assertTrue(refused.stderr().contains("piled has live participants: consumer pid " + consumer.pid()),
            refused.stderr());
        assertTrue(Files.exists(channelFile("piled")) && consumer.isAlive(), "refused: nothing touched");

        final Script forced = start("ipc", "rm", "--force", "piled");
        assertEquals(0, forced.waitFor(60), forced.stderr());
        assertEquals(0, consumer.waitFor(30), "the consumer was stopped gracefully: " + consumer.stderr());
        assertTrue(consumer.stderr().contains("stopped by SIGTERM"), consumer.stderr());
        assertFalse(Files.exists(channelFile("piled")));
        assertFalse(run("list").contains("piled"));
    }

    @Test
    void rmForceOfAMailboxWakesItsWaitingReceiver() throws Exception
    {
        run("mailbox", "create", "waited");
        final Script receiver = start("ipc", "recv", "waited");
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!line(run("list"), "waited").matches("waited +mailbox +\\S+ +1 +0 +\\S+"))
        {
            assertTrue(System.nanoTime() < deadline, "the receiver never attached");
            Thread.sleep(50);
        }
        final Script refused = start("ipc", "rm", "waited");
        assertEquals(4, refused.waitFor(60), refused.stderr());
        assertEquals(0, start("ipc", "rm", "--force", "waited").waitFor(60));
        assertEquals(3, receiver.waitFor(30), "woken, told the mailbox was destroyed: " + receiver.stderr());
        assertFalse(Files.exists(channelFile("waited")));
    }

    @Test
    void sendToPidReachesThatProcesssInbox() throws Exception
    {
        final Script receiver = start("ipc", "recv", "--inbox", "--count", "2", "--timeout", "60s", "--show-sender");
        final Script sender = start("ipc", "send", "--to", Long.toString(receiver.pid()), "--name", "alice", "hi");
        assertEquals(0, sender.waitFor(60), sender.stderr());
        run("send", "--to", Long.toString(receiver.pid()), "--name", "alice", "again");
        assertEquals(0, receiver.waitFor(60), receiver.stderr());
        assertEquals(List.of("alice 0: hi", "alice 1: again"), Files.readAllLines(receiver.stdoutFile()));
    }

    private void refusedWithExitThree(final Path file, final String... args) throws Exception
    {
        final Script ipc = start("ipc", args);
        assertEquals(3, ipc.waitFor(60), ipc.stderr());
        assertTrue(ipc.stderr().contains(file.toString()), "names the file: " + ipc.stderr());
        assertFalse(ipc.stderr().contains("\tat "), "a message, not a stack trace: " + ipc.stderr());
    }

    @Test
    void corruptMailboxIsRefusedWithExitThree() throws Exception
    {
        run("mailbox", "create", "bent");
        final Path file = channelFile("bent");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 99),
                MailboxDescriptor.VERSION_OFFSET);
        }
        refusedWithExitThree(file, "send", "bent", "x");
        refusedWithExitThree(file, "recv", "bent", "--timeout", "1s");
        refusedWithExitThree(file, "stat", "bent");
    }

    @Test
    void truncatedMailboxIsRefusedWithExitThree() throws Exception
    {
        run("mailbox", "create", "cut");
        final Path file = channelFile("cut");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(MailboxDescriptor.HEADER_LENGTH + 100);
        }
        refusedWithExitThree(file, "send", "cut", "x");
        refusedWithExitThree(file, "recv", "cut", "--timeout", "1s");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(20);
        }
        refusedWithExitThree(file, "send", "cut", "x");
    }
}
