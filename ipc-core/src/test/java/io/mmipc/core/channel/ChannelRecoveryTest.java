package io.mmipc.core.channel;

import io.mmipc.core.file.ChannelCorruptedException;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.WaitStrategy;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
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
            new Waker(new ParticipantSlot(file.buffer(), Role.CONSUMER), me), PRODUCER_COUNTERS_OFFSET, batch);
    }

    private RingConsumer consumer()
    {
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), Role.PRODUCER), me), CONSUMER_COUNTERS_OFFSET);
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

        final String account = ChannelRecovery.recompute(file);
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
        ChannelRecovery.recompute(file);
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
        final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> ChannelRecovery.recompute(file));
        assertTrue(ex.getMessage().contains("ring offset 0"), ex.getMessage());
    }

    @Test
    void livePeerPausesWhileANewProducerRecoversAndCarriesOn() throws Exception
    {
        new ParticipantSlot(file.buffer(), Role.PRODUCER).claim(file.path(), me, WaitStrategy.SPIN);
        new ParticipantSlot(file.buffer(), Role.CONSUMER).claim(file.path(), me, WaitStrategy.SPIN);
        final RingProducer dead = producer(8);
        for (int i = 0; i < 20; i++)
        {
            dead.write(new byte[100], 0, 100);
        }
        // dead: 16 published, 4 not, reserve lost. A consumer runs throughout.
        final RingConsumer consumer = consumer();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final StopFlag consumerStop = stop;
        final Thread reader = new Thread(() ->
        {
            try
            {
                while (!consumerStop.requested() && sequences.size() < 40)
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
        final String account = ChannelRecovery.recover(file, me, Role.PRODUCER, new StopFlag());
        assertEquals(0, file.buffer().getLongVolatile(RECOVERY_REQUEST_OFFSET), "request cleared: " + account);
        final RingProducer next = producer(8);
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
}
