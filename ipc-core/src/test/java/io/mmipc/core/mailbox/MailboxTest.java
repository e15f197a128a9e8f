package io.mmipc.core.mailbox;

import io.mmipc.core.file.ChannelFileException;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.ring.RecordTooLargeException;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.WaitStrategy;
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

    @Test
    void positionClaimedByASenderThatDiedIsTombstonedAndTheQueueGoesOn() throws Exception
    {
        final Path path = dir.resolve("dead.mmipc");
        Mailbox.create(path, small(), "", new StopFlag()).close();
        // A "dead" sender: its entry claims position 0, TAIL moved past it, nothing committed.
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            final int entry = PARTICIPANTS_OFFSET + (MAX_PARTICIPANTS - 1) * PARTICIPANT_LENGTH;
            final ProcessIdentity gone = new ProcessIdentity(Integer.MAX_VALUE - 9, 1,
                ProcessIdentity.current().pidNamespace(), 4242);
            new ParticipantSlot(buffer, entry, null).claim(path, gone, WaitStrategy.FUTEX.code());
            buffer.putLongVolatile(entry + CLAIMING_OFFSET, 0 + 1); // position 0
            buffer.putLongVolatile(TAIL_OFFSET, 1);
            buffer.getAndAddLong(FREE_SEMAPHORE_OFFSET, -1);
        }
        try (Mailbox box = Mailbox.open(path, "live", new StopFlag()))
        {
            box.send("after".getBytes(StandardCharsets.UTF_8));
            final Message m = box.receive(Duration.ofSeconds(10));
            assertNotNull(m, "the receiver skipped the dead sender's position");
            assertEquals("after", m.text());
        }
    }

    @Test
    void permitTakenByAReceiverThatDiedIsRepaired()
    {
        final Path path = dir.resolve("lost.mmipc");
        try (Mailbox box = Mailbox.create(path, small(), "", new StopFlag()))
        {
            box.send("kept".getBytes(StandardCharsets.UTF_8));
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size()));
                assertEquals(1, buffer.getAndAddLong(USED_SEMAPHORE_OFFSET, -1), "a receiver took the permit and died");
            }
            catch (final java.io.IOException ex)
            {
                fail(ex);
            }
            final Message m = box.receive(Duration.ofSeconds(10));
            assertNotNull(m, "the message is not lost with the permit");
            assertEquals("kept", m.text());
        }
    }
}
