package io.mmipc.core.channel;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.ring.SafePoint;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.ChannelCorruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class ChannelRecoveryTest
{
    private static final int CAPACITY = 8192;

    @TempDir
    Path dir;

    private ChannelFile file;
    private final StopFlag stop = new StopFlag();
    private final ProcessIdentity me = ProcessIdentity.current();
    private final List<Long> sequences = new ArrayList<>();
    private final RecordHandler collect = (type, sequence, buffer, offset, length) ->
    {
        if (type == io.mmipc.core.file.RecordLayout.DATA)
        {
            sequences.add(sequence);
        }
    };

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("r.mmipc"), CAPACITY, 512, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    private RingProducer producer(final int batch)
    {
        return new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER), me), io.mmipc.core.ring.TestSafePoints.none(), PRODUCER_COUNTERS_OFFSET, batch);
    }

    private RingConsumer consumer()
    {
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER), me), io.mmipc.core.ring.TestSafePoints.none(), CONSUMER_COUNTERS_OFFSET);
    }

    private long free()
    {
        return file.buffer().getLongVolatile(FREE_SEMAPHORE_OFFSET);
    }

    private long used()
    {
        return file.buffer().getLongVolatile(USED_SEMAPHORE_OFFSET);
    }

    @Test
    void deadProducersReserveAndUnpublishedRecordsAreReclaimed()
    {
        final RingProducer dead = producer(4);
        for (int i = 0; i < 10; i++)
        {
            dead.write(new byte[40], 0, 40); // 56 bytes each; flushed at 4 and 8
        }
        // "killed": two records unpublished, its reserve never given back
        assertEquals(0, free(), "the producer drained FREE into its reserve");
        assertEquals(8, used());

        final String account = ChannelRecovery.recompute(file, null);
        assertEquals(CAPACITY - 8 * 56, free(), account);
        assertEquals(8, used());
        assertEquals(8, file.buffer().getLongVolatile(NEXT_SEQUENCE_OFFSET), "records 8 and 9 are written again");
        assertTrue(account.contains("FREE 0 -> " + (CAPACITY - 8 * 56)), account);

        final RingProducer next = producer(4);
        for (int i = 0; i < 4; i++)
        {
            next.write(new byte[40], 0, 40);
        }
        next.flush();
        final RingConsumer consumer = consumer();
        while (consumer.poll(collect, 1000) > 0)
        {
            // drain
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), sequences, "no gap, no duplicate");
        next.close();
        assertEquals(CAPACITY, free(), "every byte accounted for");
    }

    @Test
    void deadConsumersDrainedPermitsAreReturned()
    {
        final RingProducer producer = producer(1);
        for (int i = 0; i < 6; i++)
        {
            producer.write(new byte[8], 0, 8);
        }
        // a consumer took all USED permits and died before reading or publishing anything
        assertEquals(6, file.buffer().getAndAddLong(USED_SEMAPHORE_OFFSET, -6));
        ChannelRecovery.recompute(file, null);
        assertEquals(6, used());
        final RingConsumer consumer = consumer();
        assertEquals(6, consumer.poll(collect, 100));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), sequences);
        assertEquals(0, file.buffer().getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET) - 6);
    }

    @Test
    void recordBetweenHeadAndTailThatIsNotCommittedIsCorruption()
    {
        final RingProducer producer = producer(1);
        producer.write(new byte[8], 0, 8);
        file.buffer().putInt(HEADER_LENGTH, -24); // as if torn, yet inside the published range
        final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> ChannelRecovery.recompute(file, null));
        assertTrue(ex.getMessage().contains("ring offset 0"), ex.getMessage());
    }

    private ParticipantSlot claimed(final Role role)
    {
        final ParticipantSlot slot = new ParticipantSlot(file.buffer(), slotOffset(role), role);
        slot.claim(file.path(), me, WaitStrategy.SPIN.code());
        return slot;
    }

    private ChannelSafePoint safePoint(final ParticipantSlot self, final ParticipantSlot peer, final StopFlag flag)
    {
        return new ChannelSafePoint(file.path(), file.buffer(), self, peer, me, flag);
    }

    private RingProducer producer(final int batch, final SafePoint safePoint)
    {
        return new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), slotOffset(Role.CONSUMER), Role.CONSUMER), me), safePoint,
            PRODUCER_COUNTERS_OFFSET, batch);
    }

    private RingConsumer consumer(final SafePoint safePoint)
    {
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), slotOffset(Role.PRODUCER), Role.PRODUCER), me), safePoint,
            CONSUMER_COUNTERS_OFFSET);
    }

    @Test
    void livePeerStepsOutsideWhileANewProducerRecoversAndCarriesOn() throws Exception
    {
        final ParticipantSlot consumerSlot = claimed(Role.CONSUMER);
        final RingProducer dead = producer(8);
        for (int i = 0; i < 20; i++)
        {
            dead.write(new byte[100], 0, 100);
        }
        // dead: 16 published, 4 not, reserve lost. A consumer runs throughout.
        final ParticipantSlot producerSlot = claimed(Role.PRODUCER);
        final RingConsumer consumer = consumer(safePoint(consumerSlot, producerSlot, stop));
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                while (!stop.requested() && sequences.size() < 40)
                {
                    consumer.poll(collect, 3);
                    Thread.onSpinWait();
                }
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        reader.start();
        final String account = ChannelRecovery.recover(file, me, producerSlot, consumerSlot, new StopFlag());
        assertEquals(0, file.buffer().getLongVolatile(RECOVERY_REQUEST_OFFSET), "request cleared: " + account);
        final RingProducer next = producer(8, safePoint(producerSlot, consumerSlot, new StopFlag()));
        assertEquals(16, next.nextSequence());
        for (int i = 0; i < 24; i++)
        {
            next.write(new byte[100], 0, 100);
        }
        next.flush();
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertNull(failure.get());
        for (int i = 0; i < 40; i++)
        {
            assertEquals(i, sequences.get(i), "sequence at " + i);
        }
        next.close();
        assertEquals(CAPACITY, free());
        assertEquals(0, used());
    }

    /**
     * Issue 16, item 1, replayed: a new consumer is recomputing when a new producer claims its slot
     * (the old one stopped cleanly, so the producer sees nothing to recover) and starts writing. The
     * old protocol let the producer drain FREE during the recompute, whose reset then counted FREE
     * twice: the producer wrote 6000 bytes into 3392 free ones. Now the producer's enter() sees the
     * request and waits OUTSIDE, touching nothing, until the recompute is done.
     */
    @Test
    void aProducerThatStartsDuringARecoveryWaitsOutsideAndTouchesNoPermit() throws Exception
    {
        final ParticipantSlot consumerSlot = claimed(Role.CONSUMER);
        assertTrue(file.buffer().compareAndSetLong(RECOVERY_REQUEST_OFFSET, 0, consumerSlot.token()), "recovery under way");
        final ParticipantSlot producerSlot = claimed(Role.PRODUCER);
        final RingProducer producer = producer(4, safePoint(producerSlot, consumerSlot, new StopFlag()));
        final Thread writer = new Thread(() ->
        {
            for (int i = 0; i < 90; i++)
            {
                producer.write(new byte[40], 0, 40);
            }
            producer.close();
        });
        writer.start();
        Thread.sleep(300);
        assertTrue(writer.isAlive(), "the producer waits for the recovery");
        assertEquals(CAPACITY, free(), "it drained no FREE permit during the recovery");
        assertEquals(ParticipantSlot.OUTSIDE, producerSlot.activityVolatile());
        ChannelRecovery.recompute(file, Role.PRODUCER);
        file.buffer().putLongVolatile(RECOVERY_REQUEST_OFFSET, 0);
        final RingConsumer consumer = consumer(safePoint(consumerSlot, producerSlot, stop));
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (sequences.size() < 90 && System.nanoTime() < deadline)
        {
            consumer.poll(collect, 1000);
        }
        writer.join(10_000);
        assertFalse(writer.isAlive());
        for (int i = 0; i < 90; i++)
        {
            assertEquals(i, sequences.get(i), "sequence at " + i);
        }
        assertEquals(CAPACITY, free(), "every byte accounted for once");
    }

    @Test
    void aStopWhileWaitingOutARecoveryTouchesNoPermit() throws Exception
    {
        final ParticipantSlot consumerSlot = claimed(Role.CONSUMER);
        file.buffer().putLongVolatile(RECOVERY_REQUEST_OFFSET, consumerSlot.token());
        final ParticipantSlot producerSlot = claimed(Role.PRODUCER);
        final StopFlag producerStop = new StopFlag();
        final RingProducer producer = producer(4, safePoint(producerSlot, consumerSlot, producerStop));
        final long[] result = new long[1];
        final Thread writer = new Thread(() ->
        {
            result[0] = producer.write(new byte[40], 0, 40);
            producer.close();
        });
        writer.start();
        Thread.sleep(100);
        producerStop.request("test");
        writer.join(5_000);
        assertFalse(writer.isAlive());
        assertEquals(-1, result[0], "nothing written");
        assertEquals(CAPACITY, free(), "close() gave nothing back on top of what the recovery will compute");
        assertEquals(0, used());
    }

    @Test
    void aProducerThatLostItsRoleStopsBeforeItWritesAgain()
    {
        final ParticipantSlot producerSlot = claimed(Role.PRODUCER);
        final ParticipantSlot consumerSlot = claimed(Role.CONSUMER);
        final RingProducer producer = producer(4, safePoint(producerSlot, consumerSlot, new StopFlag()));
        producer.write(new byte[40], 0, 40);
        assertTrue(new ParticipantSlot(file.buffer(), slotOffset(Role.PRODUCER), Role.PRODUCER)
            .fence(producerSlot.stateWordVolatile()), "judged dead while paused: fenced");
        final long usedBefore = used();
        final long tailBefore = file.buffer().getLongVolatile(TAIL_OFFSET);
        assertThrows(io.mmipc.exceptions.RoleLostException.class, () -> producer.write(new byte[40], 0, 40));
        assertThrows(io.mmipc.exceptions.RoleLostException.class, producer::flush);
        assertEquals(usedBefore, used(), "no USED release");
        assertEquals(tailBefore, file.buffer().getLongVolatile(TAIL_OFFSET), "no tail published");
    }

    @Test
    void aRecoveryLeftByADeadRequesterIsClearedAndTheWaiterCarriesOn()
    {
        final ParticipantSlot producerSlot = claimed(Role.PRODUCER);
        final ParticipantSlot consumerSlot = claimed(Role.CONSUMER);
        file.buffer().putLongVolatile(RECOVERY_REQUEST_OFFSET, 12345); // a token no live slot holds
        final RingProducer producer = producer(1, safePoint(producerSlot, consumerSlot, new StopFlag()));
        assertEquals(0, producer.write(new byte[8], 0, 8));
        assertEquals(0, file.buffer().getLongVolatile(RECOVERY_REQUEST_OFFSET));
    }
}
