package io.mmipc.core.mailbox;

import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.MmipcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Inboxes as the files they are: one private folder per owner, one single-producer link per sender,
 * made by whichever side comes first; messages carry the sender's name, pid and order.
 */
class InboxTest
{
    @TempDir
    Path dir;

    @BeforeEach
    void folder()
    {
        System.setProperty(ChannelPaths.DIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void restore()
    {
        System.clearProperty(ChannelPaths.DIR_PROPERTY);
    }

    @Test
    void aSendMakesThePrivateFolderAndOneLinkPerSenderInOrder() throws Exception
    {
        assertEquals(3, Inbox.send("bob", "alice", List.of("a".getBytes(UTF_8), "b".getBytes(UTF_8), "c".getBytes(UTF_8)),
            new StopFlag()));
        final Path folder = Inbox.folder("bob");
        assertEquals(dir.resolve("inbox").resolve("bob"), folder);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertTrue(Files.exists(folder.resolve("from-alice.mmipc")));
        try (Inbox bob = Inbox.of("bob", new StopFlag()))
        {
            assertEquals(folder, bob.folder());
            for (int i = 0; i < 3; i++)
            {
                final Message m = bob.receiveFrom("alice", Duration.ofSeconds(5));
                assertEquals(String.valueOf((char)('a' + i)), m.text());
                assertEquals(i, m.senderSequence());
                assertEquals("alice", m.senderName());
                assertEquals(ProcessHandle.current().pid(), m.senderPid(), "the link's producer slot names the sender");
                assertEquals(io.mmipc.core.file.RecordLayout.DATA, m.type());
            }
            assertNull(bob.receive(Duration.ofMillis(5)));
        }
    }

    @Test
    void aReceiverWaitingForASenderThatHasNotLinkedYetGetsItsFirstMessage() throws Exception
    {
        try (Inbox carol = Inbox.of("carol", new StopFlag()))
        {
            assertNull(carol.receiveFrom("dave", Duration.ofMillis(20)), "no link yet: the receiver makes it");
            assertTrue(Files.exists(carol.folder().resolve("from-dave.mmipc")));
            assertEquals(1, Inbox.send("carol", "dave", List.of("late".getBytes(UTF_8)), new StopFlag()));
            assertEquals("late", carol.receiveFrom("dave", Duration.ofSeconds(5)).text());
        }
    }

    @Test
    void aStopEndsAReceiveAndBadNamesAreRefused() throws Exception
    {
        final StopFlag stop = new StopFlag();
        try (Inbox erin = Inbox.of("erin", stop))
        {
            stop.request("test");
            final long start = System.nanoTime();
            assertNull(erin.receive(null));
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
        assertThrows(MmipcException.class, () -> Inbox.of("../up", new StopFlag()));
        assertThrows(MmipcException.class, () -> Inbox.send("bob", "a/b", List.of(new byte[1]), new StopFlag()));
        try (Inbox frank = Inbox.of("frank", new StopFlag()))
        {
            assertThrows(MmipcException.class, () -> frank.receiveFrom(".hidden", Duration.ofMillis(1)));
        }
    }
}
