package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.channel.ChannelRecovery;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
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

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The consumer's hold mode: records read ahead of the head keep their space until released, and a
 * step outside rewinds to the head so the permits and the positions agree again.
 */
class RingHoldTest
{
    private static final int CAPACITY = 4096;
    /** 40 payload bytes + 16 header = 56, aligned to 56: 73 records fill the 4096-byte ring. */
    private static final int LENGTH = 40;
    private static final int RECORD = 56;

    @TempDir
    Path dir;

    private ChannelFile file;
    private RingProducer producer;
    private RingConsumer consumer;
    private final StopFlag stop = new StopFlag();
    private final List<Long> sequences = new ArrayList<>();
    private final List<Integer> kinds = new ArrayList<>();
    private final RecordHandler collect = new RecordHandler()
    {
        @Override
        public void onRecord(final int type, final long sequence, final org.agrona.DirectBuffer buffer,
            final int offset, final int length)
        {
            kinds.add(type);
            sequences.add(sequence);
        }
    };

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("hold.mmipc"), CAPACITY, 2032,
            PosixFilePermissions.fromString("rw-------"));
        producer = new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop), waker(Role.CONSUMER),
            TestSafePoints.none(), PRODUCER_COUNTERS_OFFSET, 1);
        consumer = newConsumer();
        consumer.hold();
    }

    private RingConsumer newConsumer()
    {
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop), waker(Role.PRODUCER),
            TestSafePoints.none(), CONSUMER_COUNTERS_OFFSET);
    }

    private Waker waker(final Role to)
    {
        return new Waker(new ParticipantSlot(file.buffer(), ChannelDescriptor.slotOffset(to), to), ProcessIdentity.current());
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    private void write(final int records)
    {
        for (int i = 0; i < records; i++)
        {
            assertTrue(producer.write(new byte[LENGTH], 0, LENGTH) >= 0);
        }
        producer.flush();
    }

    private long free()
    {
        return file.buffer().getLongVolatile(FREE_SEMAPHORE_OFFSET);
    }

    private long used()
    {
        return file.buffer().getLongVolatile(USED_SEMAPHORE_OFFSET);
    }

    private long head()
    {
        return file.buffer().getLongVolatile(HEAD_OFFSET);
    }

    @Test
    void readRecordsKeepTheirSpaceUntilReleasedThroughASequence()
    {
        write(10);
        final long freeAfterWrite = free();
        assertEquals(10, consumer.poll(collect, 100));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences);
        assertEquals(0, head(), "nothing released: the head stays");
        assertEquals(freeAfterWrite, free(), "nothing released: no space back");
        assertEquals(10, consumer.heldRecords());

        assertEquals(4, consumer.release(3));
        assertEquals(4L * RECORD, head());
        assertEquals(freeAfterWrite + 4L * RECORD, free());
        assertEquals(4, file.buffer().getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        assertEquals(4, file.buffer().getLongVolatile(CONSUMER_COUNTERS_OFFSET + COUNTER_RECORDS));
        assertEquals(6, consumer.heldRecords());
        assertEquals(0, consumer.release(3), "an old confirmation releases nothing more");
        assertEquals(6, consumer.release(Long.MAX_VALUE - 1));
        assertEquals(file.buffer().getLongVolatile(TAIL_OFFSET), head());
        producer.close(); // gives its local reserve of FREE back
        assertEquals(CAPACITY, free(), "all space back");
    }

    @Test
    void leavingRewindsToTheHeadAndTheHeldRecordsAreReadAgain()
    {
        write(6);
        assertEquals(6, consumer.poll(collect, 100));
        consumer.release(1);
        assertEquals(0, used(), "all six permits drained");
        consumer.leave();
        assertEquals(4, used(), "the four records held go back to USED");
        assertEquals(0, consumer.heldRecords());
        assertEquals(2, consumer.nextSequence(), "the cursor is back at the first unreleased record");
        sequences.clear();
        assertEquals(4, consumer.poll(collect, 100));
        assertEquals(List.of(2L, 3L, 4L, 5L), sequences);
    }

    @Test
    void aRecoveryAfterTheHoldingConsumerDiesHandsEveryUnreleasedRecordToTheNextOne()
    {
        write(8);
        assertEquals(8, consumer.poll(collect, 100));
        consumer.release(2);
        // The consumer dies holding five records' permits: recovery recomputes from the positions.
        ChannelRecovery.recompute(file, null);
        assertEquals(5, used());
        assertEquals(CAPACITY - 5L * RECORD, free());
        final RingConsumer next = newConsumer();
        sequences.clear();
        assertEquals(5, next.poll(collect, 100));
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), sequences);
    }

    @Test
    void theProducerIsBackPressuredByHeldRecordsAndPaddingGoesBackWithTheNextConfirmedRecord()
    {
        long confirmedThrough = -1;
        long expected = 0;
        int laps = 0;
        final int total = 1000;
        long written = 0;
        while (expected < total)
        {
            while (written < total && producer.claim(0, LENGTH, 0) >= 0)
            {
                producer.commit();
                written++;
            }
            producer.flush();
            sequences.clear();
            consumer.poll(collect, 1000);
            for (final long s : sequences)
            {
                assertEquals(expected++, s, "in order, each once");
            }
            if (consumer.heldRecords() > 0 && free() == 0 && written < total)
            {
                laps++; // the ring is full of held records: nothing more fits until a release
            }
            confirmedThrough = expected - 1;
            consumer.release(confirmedThrough);
        }
        assertTrue(laps > 0, "the held records filled the ring at least once");
        assertTrue(head() > 10L * CAPACITY, "the ring wrapped, with padding at its end");
        assertEquals(0, consumer.heldRecords());
        assertEquals(total, file.buffer().getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
    }

    @Test
    void endOfStreamCountsOnlyOnceReleased()
    {
        write(2);
        assertTrue(producer.endOfStream());
        assertEquals(3, consumer.poll(collect, 100));
        assertEquals(RecordLayout.END_OF_STREAM, kinds.get(2));
        assertEquals(2L, sequences.get(2), "the end carries the sequence after the last record");
        assertFalse(consumer.endOfStream(), "held, not yet released");
        consumer.release(1);
        assertFalse(consumer.endOfStream());
        consumer.release(2);
        assertTrue(consumer.endOfStream());
        assertEquals(file.buffer().getLongVolatile(TAIL_OFFSET), head());
    }

    @Test
    void yieldingToARecoveryRewindsOnlyWhenOneAsks()
    {
        final boolean[] pause = {false};
        final SafePoint asked = new SafePoint()
        {
            @Override
            public boolean enter()
            {
                return true;
            }

            @Override
            public void leave()
            {
            }

            @Override
            public boolean pauseRequested()
            {
                return pause[0];
            }

            @Override
            public void checkOwner()
            {
            }
        };
        final RingConsumer other = new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop), waker(Role.PRODUCER),
            asked, CONSUMER_COUNTERS_OFFSET);
        other.hold();
        write(3);
        assertEquals(3, other.poll(collect, 10));
        other.yieldToRecovery();
        assertEquals(3, other.heldRecords(), "no recovery asked: still holding");
        pause[0] = true;
        other.yieldToRecovery();
        assertEquals(0, other.heldRecords());
        assertEquals(3, used(), "the permits are back for the recovery to count");
        assertEquals(0, other.releasedSequence());
    }

    @Test
    void tryEndOfStreamWritesNothingWhileTheRingIsFullAndTheEndOnceThereIsRoom()
    {
        while (producer.claim(0, LENGTH, 0) >= 0)
        {
            producer.commit();
        }
        final long tail = file.buffer().getLongVolatile(TAIL_OFFSET);
        assertFalse(producer.tryEndOfStream(), "full: no room for the end");
        assertEquals(tail, file.buffer().getLongVolatile(TAIL_OFFSET));
        assertEquals(0, file.flags() & FLAG_END_OF_STREAM);
        final int records = consumer.poll(collect, 1000);
        consumer.release(records);
        assertTrue(producer.tryEndOfStream());
        assertNotEquals(0, file.flags() & FLAG_END_OF_STREAM);
        kinds.clear();
        assertTrue(consumer.poll(collect, 10) >= 1, "the end (after a padding record if it did not fit at the end)");
        assertEquals(List.of(RecordLayout.END_OF_STREAM), kinds);
    }

    @Test
    void holdModeCannotBeChosenAfterReading()
    {
        final RingConsumer other = newConsumer();
        write(1);
        other.poll(collect, 10);
        assertThrows(IllegalStateException.class, other::hold);
    }
}
