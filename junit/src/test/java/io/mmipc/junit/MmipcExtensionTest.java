package io.mmipc.junit;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;
import io.mmipc.Inbox;
import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;
import io.mmipc.Message;
import io.mmipc.core.file.ChannelPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(MmipcExtension.class)
class MmipcExtensionTest
{
    private static final List<Path> DIRS = new ArrayList<>();

    /** A tiny "daemon" for the test: writes its arguments to channel args[0]. */
    public static final class Echo
    {
        public static void main(final String[] args)
        {
            try (Channel channel = Channel.open(args[0], ChannelOptions.builder().capacity(4096).build()))
            {
                for (int i = 1; i < args.length; i++)
                {
                    final byte[] b = args[i].getBytes(StandardCharsets.US_ASCII);
                    channel.writer().write(0, b, 0, b.length, Duration.ofSeconds(10));
                }
                channel.writer().endOfStream();
            }
        }
    }

    @Test
    void aDaemonStartedInItsOwnJvmFindsTheTestsChannelByName(final MmipcTestDir mmipc) throws Exception
    {
        DIRS.add(mmipc.dir());
        assertEquals(mmipc.dir(), ChannelPaths.directory(), "names resolve in the test's folder");
        final Process echo = mmipc.start(Echo.class, "talk", "one", "two");
        assertTrue(echo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, echo.exitValue(), mmipc.stderr(echo));
        assertTrue(Files.exists(mmipc.dir().resolve("talk.mmipc")));
        final List<String> got = new ArrayList<>();
        final Channel talk = mmipc.channel("talk", ChannelOptions.builder().capacity(4096).build());
        while (talk.reader().take((t, s, b, o, l) -> got.add(b.getStringWithoutLengthAscii(o, l)), Duration.ofSeconds(5)))
        {
            // collect
        }
        assertEquals(List.of("one", "two"), got);
    }

    @Test
    void eachTestHasItsOwnFolder(final MmipcTestDir mmipc)
    {
        DIRS.add(mmipc.dir());
        assertFalse(Files.exists(mmipc.dir().resolve("talk.mmipc")), "nothing from another test");
    }

    /** A tiny worker for the test: takes one message from mailbox args[0] and replies to inbox args[1]. */
    public static final class Worker
    {
        public static void main(final String[] args)
        {
            try (Mailbox box = Mailbox.open(args[0]))
            {
                final Message job = box.receive(Duration.ofSeconds(30));
                Inbox.send(args[1], "worker", ("done " + job.text()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void mailboxesAndInboxesOpenByNameInTheTestsFolderAndReachADaemon(final MmipcTestDir mmipc) throws Exception
    {
        DIRS.add(mmipc.dir());
        final Mailbox jobs = mmipc.mailbox("jobs", MailboxOptions.builder().slots(16).slotSize(256).build());
        assertEquals(mmipc.dir().resolve("jobs.mmipc"), jobs.path());
        final Inbox me = mmipc.inbox("tester");
        final Process worker = mmipc.start(Worker.class, "jobs", "tester");
        assertTrue(jobs.send("resize".getBytes(StandardCharsets.UTF_8)));
        final Message reply = me.receiveFrom("worker", Duration.ofSeconds(30));
        assertNotNull(reply, "no reply: " + mmipc.stderr(worker));
        assertEquals("done resize", reply.text());
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS));
    }

    @AfterAll
    static void foldersAreRemoved()
    {
        assertEquals(3, DIRS.size());
        for (final Path dir : DIRS)
        {
            assertFalse(Files.exists(dir), dir + " removed");
        }
        assertNull(System.getProperty(ChannelPaths.DIR_PROPERTY), "the property restored");
    }
}
