package io.mmipc;

import io.mmipc.exceptions.RecordTooLargeException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

class MailboxApiTest
{
    @TempDir
    Path dir;

    @BeforeEach
    void useTheTestsFolder()
    {
        System.setProperty("mmipc.dir", dir.toString()); // bare names and inboxes resolve here
    }

    @AfterEach
    void restoreTheFolder()
    {
        System.clearProperty("mmipc.dir");
    }

    private static MailboxOptions small(final String name)
    {
        return MailboxOptions.builder().slots(8).slotSize(128).name(name).build();
    }

    @Test
    void typeIdSenderNameAndSequenceTravelWithEachMessage()
    {
        try (Mailbox sender = Mailbox.create("jobs", small("alice"));
             Mailbox receiver = Mailbox.open("jobs"))
        {
            assertTrue(sender.send(7, "resize".getBytes(UTF_8)));
            assertTrue(sender.send(0xFF_FFFF, new UnsafeBuffer("crop".getBytes(UTF_8)), 0, 4));
            final Message first = receiver.receive(Duration.ofSeconds(5));
            assertEquals(7, first.typeId());
            assertEquals("alice", first.sender());
            assertEquals(ProcessHandle.current().pid(), first.senderPid());
            assertEquals(0, first.senderSequence());
            assertEquals("resize", first.text());
            assertFalse(first.endOfStream());
            final List<String> got = new ArrayList<>();
            assertEquals(1, receiver.receive((typeId, pid, sequence, buffer, offset, length) ->
                got.add(typeId + ":" + sequence + ":" + buffer.getStringWithoutLengthUtf8(offset, length)), 10,
                Duration.ofSeconds(5)));
            assertEquals(List.of("16777215:1:crop"), got);
            assertEquals(dir.resolve("jobs.mmipc"), sender.path());
        }
    }

    @Test
    void endOfStreamIsAMarkerTheOneReceiverThatTakesItSees()
    {
        try (Mailbox box = Mailbox.create("eos", small("")))
        {
            assertTrue(box.sendEndOfStream());
            final Message marker = box.receive(Duration.ofSeconds(5));
            assertTrue(marker.endOfStream());
            assertEquals(0, marker.payload().length);
            assertNull(box.receive(Duration.ofMillis(50)), "taken once, by one receiver");
        }
    }

    @Test
    void aBurstIsClaimedWrittenInPlaceCommittedAndPublishedAtOnce()
    {
        try (Mailbox sender = Mailbox.create("burst", small("bulk"));
             Mailbox receiver = Mailbox.open("burst"))
        {
            final int n = sender.claim(5);
            assertEquals(5, n, "eight free slots: all five claimed");
            for (int i = 0; i < n; i++)
            {
                final int at = sender.claimedOffset(i);
                final int length = sender.claimedBuffer().putStringWithoutLengthUtf8(at, "m" + i);
                sender.commit(i, 40 + i, length);
            }
            assertNull(receiver.receive(Duration.ofMillis(20)), "nothing is seen before the publication");
            assertEquals(5, sender.publish());
            final List<String> got = new ArrayList<>();
            assertEquals(5, receiver.receive((typeId, pid, sequence, buffer, offset, length) ->
                got.add(typeId + ":" + sequence + ":" + buffer.getStringWithoutLengthUtf8(offset, length)), 10,
                Duration.ofSeconds(5)));
            assertEquals(List.of("40:0:m0", "41:1:m1", "42:2:m2", "43:3:m3", "44:4:m4"), got);
            assertThrows(IllegalStateException.class, () -> sender.commit(0, 0, 1), "nothing claimed now");
            assertEquals(1, sender.claim(1));
            assertThrows(IllegalStateException.class, () -> sender.claimedOffset(1), "only one claimed");
            assertThrows(io.mmipc.exceptions.RecordTooLargeException.class, () -> sender.commit(0, 0, 81));
            assertThrows(IllegalArgumentException.class, () -> sender.claim(0));
        }
    }

    @Test
    void aHandlerTakingABatchHearsOfAnEndOfStreamMarkerInIt()
    {
        try (Mailbox box = Mailbox.create("batchend", small("s")))
        {
            assertTrue(box.send(1, "last".getBytes(UTF_8)));
            assertTrue(box.sendEndOfStream());
            final List<String> got = new ArrayList<>();
            assertEquals(2, box.receive(new MailboxHandler()
            {
                @Override
                public void onMessage(final int typeId, final long senderPid, final long senderSequence,
                    final org.agrona.DirectBuffer buffer, final int offset, final int length)
                {
                    got.add(buffer.getStringWithoutLengthUtf8(offset, length));
                }

                @Override
                public void onEndOfStream(final long senderPid, final long senderSequence)
                {
                    got.add("end " + senderSequence);
                }
            }, 10, Duration.ofSeconds(5)));
            assertEquals(List.of("last", "end 1"), got);
        }
    }

    @Test
    void closeFromAnotherThreadEndsAReceiveWaitingWithoutLimit() throws Exception
    {
        final Mailbox box = Mailbox.create("idle", small(""));
        final CompletableFuture<Message> waiting = CompletableFuture.supplyAsync(() -> box.receive(null));
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "nothing was sent: it waits");
        box.close();
        assertNull(waiting.get(5, TimeUnit.SECONDS), "close ended the wait");
        assertNull(box.receive(Duration.ofMillis(1)), "a closed mailbox receives nothing");
        assertFalse(box.send("late".getBytes(UTF_8)), "nor sends");
    }

    @Test
    void aFullMailboxWaitsUntilAReceiverFreesASlot() throws Exception
    {
        try (Mailbox sender = Mailbox.create("full", small("s"));
             Mailbox receiver = Mailbox.open("full"))
        {
            for (int i = 0; i < 8; i++)
            {
                assertTrue(sender.send(("m" + i).getBytes(UTF_8)));
            }
            final CompletableFuture<Boolean> ninth = CompletableFuture.supplyAsync(() -> sender.send("m8".getBytes(UTF_8)));
            Thread.sleep(200);
            assertFalse(ninth.isDone(), "eight slots, all full: the ninth waits");
            assertEquals("m0", receiver.receive(Duration.ofSeconds(5)).text());
            assertTrue(ninth.get(5, TimeUnit.SECONDS));
            for (int i = 1; i <= 8; i++)
            {
                assertEquals("m" + i, receiver.receive(Duration.ofSeconds(5)).text(), "the sender's order");
            }
        }
    }

    @Test
    void badOptionsAndMessagesAreRefusedNamingWhatIsWrong()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxOptions.builder().slots(3).build())
            .getMessage().contains("slots 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxOptions.builder().slotSize(100).build())
            .getMessage().contains("slotSize 100"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxOptions.builder().slots(1 << 20)
            .slotSize(1 << 20).build()).getMessage().contains("1 GiB"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxOptions.builder().durable(true).build())
            .getMessage().contains("durable needs a name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxOptions.builder().mode("rwx").build())
            .getMessage().contains("mode 'rwx'"));
        try (Mailbox box = Mailbox.create("strict", small("")))
        {
            assertEquals(128 - 48, box.maxMessageLength());
            assertThrows(RecordTooLargeException.class, () -> box.send(new byte[81]));
            assertThrows(RecordTooLargeException.class, () -> box.send(1, new UnsafeBuffer(new byte[81]), 0, 81));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> box.send(-1, new byte[1]))
                .getMessage().contains("typeId -1"));
            assertThrows(IllegalArgumentException.class, () -> box.send(1 << 24, new byte[1]));
            assertTrue(box.send(1, new byte[80]), "exactly the largest fits");
        }
    }

    @Test
    void destroyRemovesTheFileAndIsRefusedWhileOthersAreAttachedUnlessForced()
    {
        final Mailbox owner = Mailbox.create("gone", small(""));
        try (Mailbox other = Mailbox.open("gone"))
        {
            assertThrows(io.mmipc.exceptions.MailboxBusyException.class, () -> owner.destroy(false));
            owner.destroy(true);
            assertFalse(dir.resolve("gone.mmipc").toFile().exists());
            assertThrows(io.mmipc.exceptions.MailboxDestroyedException.class, () -> other.send(new byte[1]));
        }
        owner.close();
    }

    @Test
    void inboxesCarryEachSendersMessagesInItsOrderAndFilterBySender() throws Exception
    {
        assertEquals(2, Inbox.send("bob", "alice", "hi".getBytes(UTF_8), "again".getBytes(UTF_8)));
        assertEquals(1, Inbox.send("bob", "carol", "hello".getBytes(UTF_8)));
        try (Inbox bob = Inbox.of("bob"))
        {
            assertEquals(dir.resolve("inbox").resolve("bob"), bob.folder());
            final Message first = bob.receiveFrom("alice", Duration.ofSeconds(5));
            assertEquals("hi", first.text());
            assertEquals("alice", first.sender());
            assertEquals(0, first.senderSequence());
            assertEquals("again", bob.receiveFrom("alice", Duration.ofSeconds(5)).text());
            assertNull(bob.receiveFrom("alice", Duration.ofMillis(20)), "alice sent two");
            assertEquals("hello", bob.receive(Duration.ofSeconds(5)).text(), "carol's, from anyone");
            assertNull(bob.receive(Duration.ofMillis(20)));
        }
        final Inbox dave = Inbox.of("dave");
        final CompletableFuture<Message> waiting = CompletableFuture.supplyAsync(() -> dave.receive(null));
        Thread.sleep(100);
        dave.close();
        assertNull(waiting.get(5, TimeUnit.SECONDS), "close from another thread ended the wait");
    }
}
