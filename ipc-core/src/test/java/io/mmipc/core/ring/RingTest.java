package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.ChannelCorruptedException;
import io.mmipc.exceptions.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class RingTest
{
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;

    private ChannelFile file;
    private RingProducer producer;
    private RingConsumer consumer;
    private final StopFlag stop = new StopFlag();

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("ring.mmipc"), CAPACITY, 2032,
            PosixFilePermissions.fromString("rw-------"));
        final ProcessIdentity me = ProcessIdentity.current();
        final Waker toConsumer = new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER), me);
        final Waker toProducer = new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER), me);
        producer = new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop), toConsumer,
            TestSafePoints.none(), ChannelDescriptor.PRODUCER_COUNTERS_OFFSET, 4);
        consumer = new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop), toProducer,
            TestSafePoints.none(), ChannelDescriptor.CONSUMER_COUNTERS_OFFSET);
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    private static byte[] payload(final long sequence, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(sequence * 31 + i);
        }
        return bytes;
    }

    private record Received(int type, long sequence, byte[] payload)
    {
    }

    private final List<Received> received = new ArrayList<>();
    private final RecordHandler collect = (type, sequence, buffer, offset, length) ->
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        received.add(new Received(type, sequence, bytes));
    };

    @Test
    void recordsOfEverySizeWrapAroundTheRingIntactAndInOrder()
    {
        long sequence = 0;
        int checked = 0;
        for (int lap = 0; lap < 200; lap++)
        {
            // sizes chosen so that the tail lands at every alignment near the end of the ring
            for (int length = 0; length < 300; length += 37 + lap % 7)
            {
                assertEquals(sequence, producer.write(payload(sequence, length), 0, length));
                sequence++;
            }
            producer.flush();
            while (consumer.poll(collect, Integer.MAX_VALUE) > 0)
            {
                // drain
            }
            for (; checked < received.size(); checked++)
            {
                final Received r = received.get(checked);
                assertEquals(RecordLayout.DATA, r.type());
                assertEquals(checked, r.sequence());
                assertArrayEquals(payload(checked, r.payload().length), r.payload(), "record " + checked);
            }
        }
        assertEquals(sequence, received.size());
        assertTrue(file.buffer().getLongVolatile(ChannelDescriptor.TAIL_OFFSET) > 20L * CAPACITY, "wrapped many times");
        assertEquals(CAPACITY, freeAfterProducerClose(), "all space returned");
    }

    private long freeAfterProducerClose()
    {
        producer.close();
        return file.buffer().getLongVolatile(ChannelDescriptor.FREE_SEMAPHORE_OFFSET);
    }

    @Test
    void paddingRecordFillsTheEndWhenARecordDoesNotFit()
    {
        // 3 records of 1000 payload (1016 bytes each): tail at 3048, 1048 to the end
        for (int i = 0; i < 3; i++)
        {
            producer.write(payload(i, 1000), 0, 1000);
        }
        producer.flush();
        assertEquals(3, consumer.poll(collect, 100));
        producer.write(payload(3, 1100), 0, 1100); // needs 1120 > 1048: padding, then at 0
        producer.flush();
        assertEquals(2, consumer.poll(collect, 100), "a padding record and the data record");
        assertEquals(4, received.size(), "padding is never delivered");
        assertArrayEquals(payload(3, 1100), received.get(3).payload());
        assertEquals(CAPACITY + 1120L, file.buffer().getLongVolatile(ChannelDescriptor.HEAD_OFFSET),
            "head moved past the padding to the end of the record at 0");
    }

    @Test
    void largestRecordFitsAndOneByteMoreIsRefusedWithAClearError()
    {
        final int max = file.maxRecordLength();
        for (int i = 0; i < 5; i++)
        {
            producer.write(payload(i, max), 0, max);
            producer.flush();
            while (consumer.poll(collect, 100) > 0)
            {
                // the record, and a padding record before it when it did not fit at the end
            }
        }
        assertEquals(5, received.size());
        assertArrayEquals(payload(4, max), received.get(4).payload());
        final RecordTooLargeException ex = assertThrows(RecordTooLargeException.class,
            () -> producer.write(new byte[max + 1], 0, max + 1));
        assertTrue(ex.getMessage().contains("exceeds the channel's max record length of " + max), ex.getMessage());
    }

    @Test
    void producerWaitsWhenFullAndGivesUpOnStop() throws Exception
    {
        final AtomicReference<Long> result = new AtomicReference<>();
        final Thread blocked = new Thread(() ->
        {
            long r = 0;
            while (r >= 0)
            {
                r = producer.write(payload(0, 100), 0, 100);
            }
            result.set(r);
        });
        blocked.start();
        blocked.join(200);
        assertTrue(blocked.isAlive(), "a full ring makes the producer wait");
        stop.request("test");
        blocked.join(5_000);
        assertFalse(blocked.isAlive());
        assertEquals(-1L, result.get());
    }

    @Test
    void endOfStreamIsDeliveredAndFlagged()
    {
        producer.write(payload(0, 10), 0, 10);
        assertTrue(producer.endOfStream());
        assertEquals(2, consumer.poll(collect, 100));
        assertTrue(consumer.endOfStream());
        assertEquals(RecordLayout.END_OF_STREAM, received.get(1).type());
        assertNotEquals(0, file.flags() & ChannelDescriptor.FLAG_END_OF_STREAM);
    }

    @Test
    void corruptRecordLengthStopsTheConsumerNamingTheOffset()
    {
        producer.write(payload(0, 10), 0, 10);
        producer.flush();
        file.buffer().putInt(ChannelDescriptor.HEADER_LENGTH, 1 << 20); // impossible length at ring offset 0
        final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> consumer.poll(collect, 100));
        assertTrue(ex.getMessage().contains("at ring offset 0 (file offset " + ChannelDescriptor.HEADER_LENGTH + ")"), ex.getMessage());
        assertTrue(received.isEmpty());
        assertEquals(1, file.buffer().getLongVolatile(ChannelDescriptor.USED_SEMAPHORE_OFFSET),
            "the unread record's permit is given back");
    }

    @Test
    void corruptRecordTypeIsRefused()
    {
        producer.write(payload(0, 10), 0, 10);
        producer.flush();
        file.buffer().putInt(ChannelDescriptor.HEADER_LENGTH + RecordLayout.TYPE_OFFSET, 77);
        assertThrows(ChannelCorruptedException.class, () -> consumer.poll(collect, 100));
    }

    @Test
    void consumerLimitLeavesTheRestForLater()
    {
        for (int i = 0; i < 10; i++)
        {
            producer.write(payload(i, 8), 0, 8);
        }
        producer.flush();
        assertEquals(3, consumer.poll(collect, 3));
        assertEquals(7, consumer.poll(collect, 100));
        assertEquals(10, received.size());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, received.get(i).sequence());
        }
    }

    @Test
    void handlerFailureKeepsTheFailingRecordForTheNextRead()
    {
        for (int i = 0; i < 4; i++)
        {
            producer.write(payload(i, 8), 0, 8);
        }
        producer.flush();
        final RecordHandler failOnSecond = (type, sequence, buffer, offset, length) ->
        {
            if (sequence == 1)
            {
                throw new IllegalStateException("sink failed");
            }
            collect.onRecord(type, sequence, buffer, offset, length);
        };
        assertThrows(IllegalStateException.class, () -> consumer.poll(failOnSecond, 100));
        assertEquals(1, received.size());
        assertEquals(3, consumer.poll(collect, 100));
        assertEquals(List.of(0L, 1L, 2L, 3L), received.stream().map(Received::sequence).toList());
    }
}
