package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
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

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * How the ring sides use their safe point: when they enter, step outside, and what they hold then.
 */
class RingSafePointTest
{
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;

    private ChannelFile file;
    private final StopFlag stop = new StopFlag();

    /** Records calls; a recovery can be "requested" and the owner "lost". */
    private static final class Recording implements SafePoint
    {
        boolean inside;
        boolean requested;
        boolean lost;
        int enters;
        int leaves;

        @Override
        public boolean enter()
        {
            enters++;
            requested = false; // entering waits out the recovery
            inside = true;
            return true;
        }

        @Override
        public void leave()
        {
            leaves++;
            inside = false;
        }

        @Override
        public boolean pauseRequested()
        {
            return requested;
        }

        @Override
        public void checkOwner()
        {
            if (lost)
            {
                throw new IllegalStateException("lost");
            }
        }
    }

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("s.mmipc"), CAPACITY, 1024, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    private RingProducer producer(final SafePoint safePoint, final int batch)
    {
        return new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), slotOffset(Role.CONSUMER), Role.CONSUMER), ProcessIdentity.current()),
            safePoint, ChannelDescriptor.PRODUCER_COUNTERS_OFFSET, batch);
    }

    private RingConsumer consumer(final SafePoint safePoint)
    {
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), slotOffset(Role.PRODUCER), Role.PRODUCER), ProcessIdentity.current()),
            safePoint, ChannelDescriptor.CONSUMER_COUNTERS_OFFSET);
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
    void theProducerEntersOnceBeforeItsFirstRecordAndLeaveGivesEverythingBack()
    {
        final Recording safePoint = new Recording();
        final RingProducer producer = producer(safePoint, 100);
        assertEquals(0, safePoint.enters, "nothing touched before the first record");
        producer.write(new byte[8], 0, 8);
        producer.write(new byte[8], 0, 8);
        assertEquals(1, safePoint.enters);
        assertEquals(0, free(), "the reserve holds every free byte");
        assertEquals(0, used(), "the batch is not published yet");
        producer.leave();
        assertFalse(safePoint.inside);
        assertEquals(2, used(), "leave published the batch");
        assertEquals(CAPACITY - 2 * 24, free(), "and gave the reserve back");
        assertEquals(2 * 24, file.buffer().getLongVolatile(TAIL_OFFSET));
        producer.leave();
        assertEquals(1, safePoint.leaves, "a second leave does nothing");
        producer.write(new byte[8], 0, 8);
        assertEquals(2, safePoint.enters, "the next record enters again");
    }

    @Test
    void aRequestedRecoveryMakesTheProducerGiveItsReserveBackAtTheNextFlush()
    {
        final Recording safePoint = new Recording();
        final RingProducer producer = producer(safePoint, 100);
        producer.write(new byte[8], 0, 8);
        safePoint.requested = true;
        producer.flush();
        assertEquals(1, safePoint.leaves, "stepped outside");
        assertEquals(2, safePoint.enters, "and back in once the recovery was done");
        assertEquals(CAPACITY - 24, free(), "holding no reserve while outside");
        assertEquals(1, used());
    }

    @Test
    void aProducerWaitingForSpaceHoldsNoReserve() throws Exception
    {
        final Recording safePoint = new Recording();
        final RingProducer producer = producer(safePoint, 1);
        for (int i = 0; i < 4; i++)
        {
            producer.write(new byte[1000], 0, 1000); // 4 x 1016 of 4096
        }
        final Thread writer = new Thread(() -> producer.write(new byte[1000], 0, 1000));
        writer.start();
        Thread.sleep(200);
        assertTrue(writer.isAlive(), "the ring is full");
        assertEquals(CAPACITY - 4 * 1016, free(), "the 32 bytes it could not use are back in FREE while it waits");
        stop.request("test");
        writer.join(5_000);
        assertFalse(writer.isAlive());
    }

    @Test
    void aProducerThatLostItsRoleWritesNothing()
    {
        final Recording safePoint = new Recording();
        final RingProducer producer = producer(safePoint, 100);
        producer.write(new byte[8], 0, 8);
        safePoint.lost = true;
        assertThrows(IllegalStateException.class, () -> producer.write(new byte[8], 0, 8));
        assertThrows(IllegalStateException.class, producer::flush);
        assertEquals(0, used(), "nothing published");
        assertEquals(0, file.buffer().getLongVolatile(TAIL_OFFSET));
    }

    @Test
    void theConsumerEntersAtItsFirstPollStepsOutsideWhenAskedAndChecksItsRoleBeforeDraining()
    {
        final RingProducer producer = producer(TestSafePoints.none(), 1);
        producer.write(new byte[8], 0, 8);
        final Recording safePoint = new Recording();
        final RingConsumer consumer = consumer(safePoint);
        assertEquals(1, consumer.poll((t, s, b, o, l) -> { }, 10));
        assertEquals(1, safePoint.enters);
        assertEquals(0, consumer.poll((t, s, b, o, l) -> { }, 10), "nothing more");
        assertEquals(1, safePoint.enters, "no re-entry while inside and not asked");
        safePoint.requested = true;
        producer.write(new byte[8], 0, 8);
        assertEquals(1, consumer.poll((t, s, b, o, l) -> { }, 10));
        assertEquals(2, safePoint.enters, "stepped outside and back in at the poll's safe point");
        consumer.leave();
        assertFalse(safePoint.inside);
        producer.write(new byte[8], 0, 8);
        safePoint.lost = true;
        assertThrows(IllegalStateException.class, () -> consumer.poll((t, s, b, o, l) -> { }, 10));
        assertEquals(1, used(), "a consumer that lost its role drained nothing");
    }
}
