package io.mmipc.core.mailbox;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MailboxBusyException;
import io.mmipc.exceptions.MailboxDestroyedException;
import io.mmipc.exceptions.RecordTooLargeException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class MailboxTest
{
    @TempDir
    Path dir;

    private Mailbox.Options small()
    {
        return new Mailbox.Options(16, 128, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void createSendReceiveDestroy()
    {
        final Path path = dir.resolve("jobs.mmipc");
        try (Mailbox box = Mailbox.create(path, small(), "alice", new StopFlag()))
        {
            assertTrue(box.send("hello".getBytes(StandardCharsets.UTF_8)));
            final Message m = box.receive(Duration.ofSeconds(5));
            assertEquals("hello", m.text());
            assertEquals("alice", m.sender());
            assertEquals(0, m.senderSequence());
            assertNull(box.receive(Duration.ofMillis(50)), "empty: times out");
            box.destroy();
            assertFalse(Files.exists(path));
        }
    }

    @Test
    void messageLargerThanASlotIsRefused()
    {
        try (Mailbox box = Mailbox.create(dir.resolve("m.mmipc"), small(), "", new StopFlag()))
        {
            assertThrows(RecordTooLargeException.class, () -> box.send(new byte[81]));
            assertTrue(box.send(new byte[80]));
        }
    }

    @Test
    void destroyIsRefusedWhileOthersAreAttachedAndForcedWakesThem() throws Exception
    {
        final Path path = dir.resolve("busy.mmipc");
        try (Mailbox owner = Mailbox.create(path, small(), "owner", new StopFlag());
            Mailbox receiver = Mailbox.open(path, "rx", new StopFlag()))
        {
            final MailboxBusyException busy = assertThrows(MailboxBusyException.class, owner::destroy);
            assertTrue(busy.getMessage().contains("(rx)"), busy.getMessage());
            final AtomicReference<Throwable> ended = new AtomicReference<>();
            final Thread waiting = new Thread(() ->
            {
                try
                {
                    receiver.receive();
                }
                catch (final Throwable t)
                {
                    ended.set(t);
                }
            });
            waiting.start();
            Thread.sleep(200);
            owner.destroy(true);
            waiting.join(5_000);
            assertFalse(waiting.isAlive(), "the waiting receiver was woken");
            assertInstanceOf(MailboxDestroyedException.class, ended.get());
        }
        assertThrows(ChannelFileException.class, () -> Mailbox.open(path, "", new StopFlag()));
    }

    @Test
    void manySendersAndReceiversDeliverEveryMessageOnceInEachSendersOrder() throws Exception
    {
        final Path path = dir.resolve("mpmc.mmipc");
        final int senders = 4;
        final int receivers = 3;
        final int perSender = 50_000;
        Mailbox.create(path, small(), "", new StopFlag()).close();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final List<List<Message>> got = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final StopFlag stopReceivers = new StopFlag();
        for (int r = 0; r < receivers; r++)
        {
            final List<Message> mine = new ArrayList<>();
            got.add(mine);
            final int id = r;
            threads.add(new Thread(() ->
            {
                try (Mailbox box = Mailbox.open(path, "r" + id, stopReceivers))
                {
                    Message m;
                    while ((m = box.receive()) != null)
                    {
                        mine.add(m);
                    }
                }
                catch (final Throwable t)
                {
                    failures.add(t);
                }
            }));
        }
        final List<Thread> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++)
        {
            final int id = s;
            sending.add(new Thread(() ->
            {
                try (Mailbox box = Mailbox.open(path, "s" + id, new StopFlag()))
                {
                    final ByteBuffer payload = ByteBuffer.allocate(12);
                    for (int i = 0; i < perSender; i++)
                    {
                        payload.putInt(0, id).putLong(4, i);
                        assertTrue(box.send(payload.array()));
                    }
                }
                catch (final Throwable t)
                {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        sending.forEach(Thread::start);
        for (final Thread t : sending)
        {
            t.join(120_000);
        }
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (got.stream().mapToInt(List::size).sum() < senders * perSender && System.nanoTime() < deadline &&
            failures.isEmpty())
        {
            Thread.sleep(10);
        }
        stopReceivers.request("test");
        for (final Thread t : threads)
        {
            t.join(10_000);
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        final Map<String, Long> next = new HashMap<>();
        final long[] seen = new long[senders];
        for (final List<Message> mine : got)
        {
            final Map<String, Long> last = new HashMap<>();
            for (final Message m : mine)
            {
                final ByteBuffer b = ByteBuffer.wrap(m.payload());
                final int sender = b.getInt(0);
                final long seq = b.getLong(4);
                assertEquals("s" + sender, m.sender());
                assertEquals(seq, m.senderSequence());
                assertTrue(last.getOrDefault(m.sender(), -1L) < seq, "per-sender order at one receiver");
                last.put(m.sender(), seq);
                seen[sender]++;
            }
        }
        for (int s = 0; s < senders; s++)
        {
            assertEquals(perSender, seen[s], "sender " + s + ": every message exactly once");
        }
        assertEquals(senders * perSender, got.stream().mapToInt(List::size).sum());
        next.clear();
    }

    /** A participant entry whose owner is gone (a pid that does not exist), as kill -9 leaves it. */
    static int forgeDeadEntry(final Path path, final UnsafeBuffer buffer, final int index, final String name,
        final int roles, final long sendIntent, final long recvIntent)
    {
        final int entry = entryOffset(index);
        final ProcessIdentity gone = new ProcessIdentity(Integer.MAX_VALUE - 9 - index, 1,
            ProcessIdentity.current().pidNamespace(), 4242 + index);
        new ParticipantSlot(buffer, entry, null).claim(path, gone, WaitStrategy.FUTEX.code());
        buffer.putBytes(entry + NAME_OFFSET, ParticipantTable.nameBytes(name, NAME_LENGTH));
        buffer.putIntVolatile(entry + ROLES_OFFSET, roles);
        buffer.putLongVolatile(entry + SEND_INTENT_OFFSET, sendIntent);
        buffer.putLongVolatile(entry + RECV_INTENT_OFFSET, recvIntent);
        return entry;
    }

    static UnsafeBuffer map(final Path path) throws java.io.IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return new UnsafeBuffer(ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size()));
        }
    }

    /** Issue 10, item 1: a newcomer took the dead sender's entry and cleared its claim; receivers hung. */
    @Test
    void aDeadSendersClaimSurvivesANewcomerAndIsTombstonedSoTheQueueGoesOn() throws Exception
    {
        final Path path = dir.resolve("dead.mmipc");
        Mailbox.create(path, small(), "", new StopFlag()).close();
        final UnsafeBuffer buffer = map(path);
        forgeDeadEntry(path, buffer, 0, "", ROLE_SENDER, intent(0, 1), 0); // claimed position 0, died
        buffer.putLongVolatile(TAIL_OFFSET, 1);
        try (Mailbox sender = Mailbox.open(path, "newcomer", new StopFlag());
            Mailbox receiver = Mailbox.open(path, "rx", new StopFlag()))
        {
            assertTrue(sender.send("after".getBytes(StandardCharsets.UTF_8)));
            final long start = System.nanoTime();
            final Message m = receiver.receive(Duration.ofSeconds(10));
            assertNotNull(m, "the receiver got past the dead sender's position");
            assertEquals("after", m.text());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "no time-based repair: the dead claim is resolved at once");
            assertEquals(2, buffer.getLongVolatile(HEAD_OFFSET), "position 0 (a tombstone) and 1 taken");
            assertEquals(16, buffer.getLongVolatile(HEADER_LENGTH + SLOT_SEQUENCE_OFFSET), "slot 0 free for lap 1");
            assertEquals(0, buffer.getLongVolatile(entryOffset(0) + SEND_INTENT_OFFSET), "the dead claim is resolved");
        }
    }

    /** Issue 10, item 2: a stale dead claim on a published position never turns the message into a tombstone. */
    @Test
    void aPublishedMessageIsNeverTombstonedEvenUnderADeadClaimOnItsPosition() throws Exception
    {
        final Path path = dir.resolve("kept.mmipc");
        try (Mailbox box = Mailbox.create(path, small(), "", new StopFlag()))
        {
            assertTrue(box.send("kept".getBytes(StandardCharsets.UTF_8)));
            final UnsafeBuffer buffer = map(path);
            forgeDeadEntry(path, buffer, 5, "", ROLE_SENDER, intent(0, 1), 0); // its CAS "lost" to ours
            final ParticipantTable table = new ParticipantTable(buffer);
            final MailboxWakeups wakeups = new MailboxWakeups(buffer, table, ProcessIdentity.current());
            assertEquals(0, MailboxUnblocker.unblockAll(buffer, table, ProcessIdentity.current(), wakeups));
            assertEquals("kept", box.receive(Duration.ofSeconds(5)).text());
        }
    }

    /** Issue 10, items 3 and 4: nothing to leak: free and used are positions, recomputed from the file. */
    @Test
    void aReceiverThatDiedAfterItsClaimLeaksNoCapacityAndGivesAtMostOnce() throws Exception
    {
        final Path path = dir.resolve("lost.mmipc");
        final Mailbox.Options two = new Mailbox.Options(2, 128, small().mode());
        try (Mailbox box = Mailbox.create(path, two, "", new StopFlag()))
        {
            assertTrue(box.send("taken".getBytes(StandardCharsets.UTF_8)));
            assertTrue(box.send("next".getBytes(StandardCharsets.UTF_8)));
            final UnsafeBuffer buffer = map(path);
            forgeDeadEntry(path, buffer, 7, "", ROLE_RECEIVER, 0, intent(0, 1)); // took position 0, died
            buffer.putLongVolatile(HEAD_OFFSET, 1);
            final Message m = box.receive(Duration.ofSeconds(5));
            assertEquals("next", m.text(), "the dead receiver's message is not delivered again (at most once)");
            for (int lap = 0; lap < 4; lap++) // both slots come back, again and again
            {
                assertTrue(box.send(("lap" + lap).getBytes(StandardCharsets.UTF_8)));
                assertTrue(box.send(("lap" + lap).getBytes(StandardCharsets.UTF_8)));
                assertNotNull(box.receive(Duration.ofSeconds(5)));
                assertNotNull(box.receive(Duration.ofSeconds(5)));
            }
            final long start = System.nanoTime();
            assertNull(box.receive(Duration.ofMillis(300)), "empty: no permit left over");
            assertTrue(System.nanoTime() - start < 1_500_000_000L, "receive(300 ms) returned by its deadline");
            final MailboxStatus status = MailboxStatus.read(path);
            assertEquals(0, status.used());
            assertEquals(2, status.free());
        }
    }

    /** Issue 10, item 4: the waiting bit of a process killed while parked is cleared. */
    @Test
    void aWaitingBitLeftByAProcessKilledWhileParkedIsCleared() throws Exception
    {
        final Path path = dir.resolve("waiters.mmipc");
        Mailbox.create(path, small(), "", new StopFlag()).close();
        final UnsafeBuffer buffer = map(path);
        forgeDeadEntry(path, buffer, 3, "", ROLE_RECEIVER, 0, 0);
        buffer.putLongVolatile(RECEIVERS_WAITING_OFFSET, 1L << 3);
        forgeDeadEntry(path, buffer, 4, "", ROLE_SENDER, 0, 0);
        buffer.putLongVolatile(SENDERS_WAITING_OFFSET, 1L << 4);
        try (Mailbox box = Mailbox.open(path, "", new StopFlag()))
        {
            assertEquals(0, buffer.getLongVolatile(RECEIVERS_WAITING_OFFSET));
            assertEquals(0, buffer.getLongVolatile(SENDERS_WAITING_OFFSET));
        }
    }

    /** A durable receiver's successor of the same name gets the unfreed messages of its claim again, with positions. */
    @Test
    void aDurableReceiversSuccessorGetsItsUnfinishedClaimAgainWithPositions() throws Exception
    {
        final Path path = dir.resolve("durable.mmipc");
        try (Mailbox box = Mailbox.create(path, small(), "", new StopFlag()))
        {
            box.send("a".getBytes(StandardCharsets.UTF_8));
            box.send("b".getBytes(StandardCharsets.UTF_8));
            box.send("c".getBytes(StandardCharsets.UTF_8));
            final UnsafeBuffer buffer = map(path);
            forgeDeadEntry(path, buffer, 9, "ledger-x", ROLE_RECEIVER | ROLE_DURABLE, 0, intent(0, 2));
            buffer.putLongVolatile(HEAD_OFFSET, 2);
            try (Mailbox other = Mailbox.open(path, "", new StopFlag()))
            {
                assertEquals("c", other.receive(Duration.ofSeconds(5)).text(), "others leave the durable claim alone");
            }
            try (Mailbox successor = Mailbox.open(path, "ledger-x", new StopFlag(), small().asDurable()))
            {
                final List<String> got = new ArrayList<>();
                final int n = successor.receive((type, pid, seq, b, offset, length, position) ->
                    got.add(b.getStringWithoutLengthAscii(offset, length) + "@" + position), 16, Duration.ofSeconds(5));
                assertEquals(2, n);
                assertEquals(List.of("a@0", "b@1"), got);
                assertNull(successor.receive(Duration.ofMillis(50)));
            }
        }
    }

    /** Issue 10, item 5. */
    @Test
    void sendAfterAForcedDestroyThrowsInsteadOfReturningTrue() throws Exception
    {
        final Path path = dir.resolve("gone.mmipc");
        try (Mailbox sender = Mailbox.create(path, small(), "s", new StopFlag());
            Mailbox other = Mailbox.open(path, "o", new StopFlag()))
        {
            assertTrue(sender.send(new byte[8]));
            other.destroy(true);
            assertThrows(MailboxDestroyedException.class, () -> sender.send(new byte[8]));
        }
    }

    /** Issue 10, item 5: a sender waiting on a full mailbox obeys stop and destroy. */
    @Test
    void aSenderWaitingOnAFullMailboxEndsOnStopAndOnDestroy() throws Exception
    {
        final Path path = dir.resolve("full.mmipc");
        final Mailbox.Options two = new Mailbox.Options(2, 128, small().mode());
        final StopFlag stop = new StopFlag();
        try (Mailbox box = Mailbox.create(path, two, "s", stop))
        {
            assertTrue(box.send(new byte[8]));
            assertTrue(box.send(new byte[8]));
            final Thread stopper = new Thread(() ->
            {
                sleep(200);
                stop.request("test");
            });
            stopper.start();
            final long start = System.nanoTime();
            assertFalse(box.send(new byte[8]), "stopped while full: not sent");
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
            stopper.join();
        }
        try (Mailbox box = Mailbox.open(path, "s2", new StopFlag());
            Mailbox killer = Mailbox.open(path, "k", new StopFlag()))
        {
            final Thread destroyer = new Thread(() ->
            {
                sleep(200);
                killer.destroy(true);
            });
            destroyer.start();
            assertThrows(MailboxDestroyedException.class, () -> box.send(new byte[8]));
            destroyer.join();
        }
    }

    /** Issue 10, item 5: freeing a slot wakes a parked sender (no bounded-park fallback needed). */
    @Test
    void aReceiveWakesASenderParkedOnAFullMailbox() throws Exception
    {
        final Path path = dir.resolve("wake.mmipc");
        final Mailbox.Options two = new Mailbox.Options(2, 128, small().mode());
        try (Mailbox box = Mailbox.create(path, two, "s", new StopFlag());
            Mailbox rx = Mailbox.open(path, "r", new StopFlag()))
        {
            assertTrue(box.send(new byte[8]));
            assertTrue(box.send(new byte[8]));
            final long[] sentAt = new long[1];
            final Thread sender = new Thread(() ->
            {
                box.send(new byte[8]);
                sentAt[0] = System.nanoTime();
            });
            sender.start();
            Thread.sleep(500); // long past the spin phase: parked
            assertEquals(1L << 0, map(path).getLongVolatile(SENDERS_WAITING_OFFSET) & 1L, "the sender is waiting");
            final long wakesBefore = map(path).getLongVolatile(FREE_WAKE_OFFSET);
            final long freed = System.nanoTime();
            assertNotNull(rx.receive(Duration.ofSeconds(1)));
            assertEquals(wakesBefore + 1, map(path).getLongVolatile(FREE_WAKE_OFFSET),
                "the freed slot was given back with a wake-up (issue 10, item 5)");
            sender.join(5_000);
            assertTrue(sentAt[0] - freed < 30_000_000L, "woken at once, not by a park's time-out: " +
                (sentAt[0] - freed) / 1_000 + " us");
        }
    }

    /** Issue 10, item 5: a name is cut at a UTF-8 character boundary, never inside a character. */
    @Test
    void senderNamesAreCutAtACharacterBoundary()
    {
        final Path path = dir.resolve("names.mmipc");
        final String name = "abcdefghijklmno\u20ac-tail"; // the euro sign's 3 bytes straddle byte 16
        try (Mailbox box = Mailbox.create(path, small(), name, new StopFlag()))
        {
            box.send(new byte[1]);
            assertEquals("abcdefghijklmno", box.receive(Duration.ofSeconds(5)).senderName());
        }
        assertEquals("ab", ParticipantTable.text(ParticipantTable.nameBytes("ab\u00e9", 3)));
        assertEquals("ab\u00e9", ParticipantTable.text(ParticipantTable.nameBytes("ab\u00e9", 4)));
    }

    /** Bursts: one claim, several messages, one publish; a drain takes several per call, in order. */
    @Test
    void aBurstIsClaimedAndPublishedAtOnceAndDrainedInOneCallInOrder()
    {
        final Path path = dir.resolve("burst.mmipc");
        try (Mailbox box = Mailbox.create(path, small(), "b", new StopFlag()))
        {
            assertEquals(10, box.claim(10));
            for (int i = 0; i < 10; i++)
            {
                box.buffer().putInt(box.payloadOffset(i), i);
                box.commit(i, io.mmipc.core.file.RecordLayout.DATA, 4);
            }
            assertEquals(10, box.publish());
            assertEquals(6, box.claim(10), "only the free slots are claimed: 16 - 10");
            for (int i = 0; i < 6; i++)
            {
                box.commit(i, io.mmipc.core.file.RecordLayout.DATA, 0);
            }
            assertEquals(6, box.publish());
            final List<Long> sequences = new ArrayList<>();
            assertEquals(16, box.receive((t, pid, seq, b, o, l, position) -> sequences.add(seq), 100, Duration.ZERO));
            for (int i = 0; i < 16; i++)
            {
                assertEquals(i, sequences.get(i));
            }
        }
    }

    /** A sender that closes between claim and publish leaves tombstones, not a position that blocks receivers. */
    @Test
    void aClaimAbandonedAtCloseBecomesTombstonesAndReceiversMoveOn()
    {
        final Path path = dir.resolve("abandon.mmipc");
        try (Mailbox box = Mailbox.create(path, small(), "", new StopFlag()))
        {
            try (Mailbox quitter = Mailbox.open(path, "q", new StopFlag()))
            {
                assertEquals(2, quitter.claim(2));
            }
            assertTrue(box.send("after".getBytes(StandardCharsets.UTF_8)));
            assertEquals("after", box.receive(Duration.ofSeconds(5)).text());
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
