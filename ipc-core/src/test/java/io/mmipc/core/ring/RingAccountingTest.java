package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.RecordTooLargeException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.DATA;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The ring's bookkeeping, exactly: positions, sequences, counters and the FREE/USED permits after
 * each step, so that an off-by-one in any of them (which the stream's content alone may not show)
 * fails here.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class RingAccountingTest
{
    private static final int CAPACITY = 4096;
    private static final int RECORD = 120; // aligned(16 + 100)

    @TempDir
    Path dir;

    private ChannelFile file;
    private UnsafeBuffer buffer;
    private CountingSemaphore free;
    private CountingSemaphore used;
    private final StopFlag stop = new StopFlag();
    private final List<String> got = new ArrayList<>();
    private final RecordHandler collect = (int type, long sequence, DirectBuffer b, int offset, int length) ->
        got.add(type == DATA ? sequence + ":" + length : "type " + type);

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("ring.mmipc"), CAPACITY, 2032, PosixFilePermissions.fromString("rw-------"));
        buffer = file.buffer();
        free = new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE");
        used = new CountingSemaphore(buffer, USED_SEMAPHORE_OFFSET, "USED");
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    private RingProducer producer(final int batch)
    {
        final Waker toConsumer = new Waker(new ParticipantSlot(buffer, slotOffset(Role.CONSUMER), Role.CONSUMER),
            ProcessIdentity.current());
        return new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop), toConsumer, TestSafePoints.none(),
            PRODUCER_COUNTERS_OFFSET, batch);
    }

    private RingConsumer consumer()
    {
        final Waker toProducer = new Waker(new ParticipantSlot(buffer, slotOffset(Role.PRODUCER), Role.PRODUCER),
            ProcessIdentity.current());
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop), toProducer, TestSafePoints.none(),
            CONSUMER_COUNTERS_OFFSET);
    }

    private long counter(final Role role, final int counter)
    {
        return buffer.getLongVolatile(countersOffset(role) + counter);
    }

    @Test
    void positionsSequencesCountersAndPermitsAddUpAfterEveryStep()
    {
        final RingProducer producer = producer(4);
        final byte[] payload = new byte[100];
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, producer.write(payload, 0, 100));
        }
        assertEquals(8 * RECORD, buffer.getLongVolatile(TAIL_OFFSET), "published at each batch of 4");
        assertEquals(8, used.available());
        producer.flush();
        assertEquals(10 * RECORD, buffer.getLongVolatile(TAIL_OFFSET));
        assertEquals(10, buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET));
        assertEquals(10, used.available());
        assertEquals(10, counter(Role.PRODUCER, COUNTER_RECORDS));
        assertEquals(1000, counter(Role.PRODUCER, COUNTER_BYTES), "payload bytes, headers not counted");
        assertEquals(0, free.available(), "the producer's first claim took every permit into its reserve");

        final RingConsumer consumer = consumer();
        assertEquals(3, consumer.poll(collect, 3));
        assertEquals(List.of("0:100", "1:100", "2:100"), got);
        assertEquals(7, used.available(), "the permits beyond the limit went back");
        assertEquals(3 * RECORD, buffer.getLongVolatile(HEAD_OFFSET));
        assertEquals(3, buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        assertEquals(3, counter(Role.CONSUMER, COUNTER_RECORDS));
        assertEquals(300, counter(Role.CONSUMER, COUNTER_BYTES));
        assertEquals(3 * RECORD, free.available(), "the bytes read, given back");

        producer.leave();
        assertEquals(CAPACITY - 7 * RECORD, free.available(), "FREE + reserve + (tail - head) = capacity");

        assertEquals(7, consumer.poll(collect, 100));
        assertEquals(10 * RECORD, buffer.getLongVolatile(HEAD_OFFSET));
        assertEquals(CAPACITY, free.available());
        assertEquals(0, used.available());
        assertEquals(10, consumer.records());
        assertEquals(10, consumer.nextSequence());

        final RingProducer next = producer(1);
        assertEquals(10, next.records(), "a new producer continues the shared counters");
        assertEquals(10, next.nextSequence());
        assertEquals(2032, next.maxRecordLength());
        assertEquals(10, next.write(new UnsafeBuffer(new byte[7]), 0, 7));
        assertEquals(11, counter(Role.PRODUCER, COUNTER_RECORDS));
        assertEquals(1007, counter(Role.PRODUCER, COUNTER_BYTES));
        final RingConsumer again = consumer();
        assertEquals(10, again.nextSequence());
        assertEquals(10, again.records());
        assertEquals(1, again.poll(collect, 10));
        assertEquals("10:7", got.get(got.size() - 1));
    }

    @Test
    void aShorterCommitPublishesOnlyWhatWasWrittenAndMisuseIsRefused()
    {
        final RingProducer producer = producer(1);
        assertThrows(IllegalStateException.class, producer::commit, "commit without claim");
        assertThrows(IllegalStateException.class, () -> producer.commit(1), "commit without claim");
        assertThrows(IllegalStateException.class, producer::abort, "abort without claim");
        assertTrue(producer.claim(1, 200, Long.MAX_VALUE) > 0);
        assertThrows(IllegalStateException.class, () -> producer.claim(1, 10, Long.MAX_VALUE), "two claims");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> producer.commit(201)).getMessage()
            .contains("commit of 201 bytes, but 200 were claimed"));
        assertThrows(IllegalArgumentException.class, () -> producer.commit(-1));
        assertEquals(0, producer.commit(50));
        assertEquals(72, buffer.getLongVolatile(TAIL_OFFSET), "aligned(16 + 50): the rest stays in the reserve");
        assertTrue(producer.claim(2, 200, Long.MAX_VALUE) > 0);
        assertEquals(1, producer.commit(200), "the whole claim is allowed");
        assertThrows(IllegalArgumentException.class, () -> producer.claim(-1, 1, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> producer.claim(1 << 24, 1, Long.MAX_VALUE));
        assertThrows(RecordTooLargeException.class, () -> producer.claim(1, 2033, Long.MAX_VALUE));
        assertThrows(RecordTooLargeException.class, () -> producer.claim(1, -1, Long.MAX_VALUE));
        final List<String> typed = new ArrayList<>();
        consumer().poll(new RecordHandler()
        {
            @Override
            public void onRecord(final int type, final long sequence, final DirectBuffer b, final int offset, final int length)
            {
                fail("the six-argument call is made");
            }

            @Override
            public void onRecord(final int kind, final int typeId, final long sequence, final DirectBuffer b,
                final int offset, final int length)
            {
                typed.add(kind + "/" + typeId + ":" + sequence + ":" + length);
            }
        }, 10);
        assertEquals(List.of("1/1:0:50", "1/2:1:200"), typed);
    }

    @Test
    void aClaimOnAFullRingGivesUpAtItsDeadlineCountsTheWaitAndSucceedsOnceSpaceIsFreed()
    {
        final RingProducer producer = producer(1);
        int written = 0;
        while (producer.claim(1, 100, 0) > 0)
        {
            producer.commit();
            written++;
        }
        assertEquals(CAPACITY / RECORD, written, "a deadline of 0 never waits: full after the last whole record");
        final long waitsBefore = counter(Role.PRODUCER, COUNTER_WAITS);
        final long start = System.nanoTime();
        assertEquals(-1, producer.claim(1, 100, System.nanoTime() + 50_000_000L));
        final long waited = System.nanoTime() - start;
        assertTrue(waited >= 45_000_000L, "waited until the deadline: " + waited + " ns");
        assertTrue(counter(Role.PRODUCER, COUNTER_WAITS) > waitsBefore, "a wait for space is counted");
        assertEquals(written, used.available(), "records published before the producer waited");
        final RingConsumer consumer = consumer();
        assertEquals(2, consumer.poll(collect, 2));
        assertTrue(producer.claim(1, 100, System.nanoTime() + 1_000_000_000L) > 0, "space freed: the claim succeeds");
        producer.commit();
    }

    @Test
    void aConsumerCountsOneWaitPerIdleSpellNotPerCall()
    {
        final RingProducer producer = producer(1);
        final RingConsumer consumer = consumer();
        assertEquals(0, consumer.poll(collect, 10));
        consumer.idle();
        consumer.idle();
        assertEquals(1, counter(Role.CONSUMER, COUNTER_WAITS));
        producer.write(new byte[1], 0, 1);
        assertEquals(1, consumer.poll(collect, 10));
        assertEquals(0, consumer.poll(collect, 10));
        consumer.idle();
        assertEquals(2, counter(Role.CONSUMER, COUNTER_WAITS), "a new spell after progress");
    }
    @Test
    void aRecordThatExactlyReachesTheEndNeedsNoPaddingAndOneThatDoesNotIsPaddedToIt()
    {
        final RingProducer producer = producer(1);
        final RingConsumer consumer = consumer();
        final byte[] big = new byte[2032 - 16];
        producer.write(big, 0, big.length);
        producer.write(big, 0, big.length);                   // tail 4064: 32 bytes to the end
        assertEquals(2, consumer.poll(collect, 10));
        producer.write(new byte[16], 0, 16);                  // 32 bytes: exactly to the end
        assertEquals(CAPACITY, buffer.getLongVolatile(TAIL_OFFSET), "no padding was needed");
        assertEquals(1, consumer.poll(collect, 10), "one record, no padding");
        producer.write(new byte[100], 0, 100);                // 120 bytes from 0
        producer.write(big, 0, big.length);                   // to ring offset 2152
        assertEquals(2, consumer.poll(collect, 10));
        assertEquals(CAPACITY + 2152L, buffer.getLongVolatile(TAIL_OFFSET));
        producer.write(big, 0, big.length);                   // 2032 bytes do not fit in the 1944 left
        assertEquals(2L * CAPACITY + 2032, buffer.getLongVolatile(TAIL_OFFSET), "padded to the end, then the record at 0");
        got.clear();
        assertEquals(2, consumer.poll(collect, 10), "the padding and the record");
        assertEquals(List.of("5:2016"), got, "the padding is not handed over");
        assertEquals(2L * CAPACITY + 2032, buffer.getLongVolatile(HEAD_OFFSET));
    }

    @Test
    void aBatchIsPublishedWhenItsBytesReachAQuarterOfTheRing()
    {
        final RingProducer producer = producer(1000);
        final byte[] payload = new byte[128 - 16];
        for (int i = 0; i < 7; i++)
        {
            producer.write(payload, 0, payload.length);
        }
        assertEquals(0, buffer.getLongVolatile(TAIL_OFFSET), "896 bytes: under a quarter, not published");
        producer.write(payload, 0, payload.length);
        assertEquals(CAPACITY / 4, buffer.getLongVolatile(TAIL_OFFSET), "exactly a quarter: published");
        assertEquals(8, used.available());
    }

    @Test
    void aConsumerGivesSpaceBackEveryQuarterOfTheRingWithinOnePoll()
    {
        final RingProducer producer = producer(1000);
        final byte[] payload = new byte[128 - 16];
        for (int i = 0; i < 16; i++)
        {
            producer.write(payload, 0, payload.length);
        }
        producer.leave(); // publish, and the reserve back: FREE = capacity - 16 x 128
        final List<Long> freeSeen = new ArrayList<>();
        assertEquals(16, consumer().poll((int type, long sequence, DirectBuffer b, int offset, int length) ->
            freeSeen.add(free.available()), 100));
        assertEquals(CAPACITY - 2048L, freeSeen.get(0));
        assertEquals(CAPACITY - 2048L, freeSeen.get(7), "the first quarter not yet given back");
        assertEquals(CAPACITY - 2048L + 1024, freeSeen.get(8), "given back after exactly a quarter");
        assertEquals(CAPACITY, free.available());
    }

    @Test
    void aWakeUpSentIsCountedWhereIpcStatReadsIt()
    {
        final RingProducer producer = producer(1);
        final RingConsumer consumer = consumer();
        used.addWaiter(); // a consumer parked on USED
        producer.write(new byte[1], 0, 1);
        assertEquals(1, counter(Role.PRODUCER, COUNTER_WAKEUPS_SENT));
        used.removeWaiter();
        producer.write(new byte[1], 0, 1);
        assertEquals(1, counter(Role.PRODUCER, COUNTER_WAKEUPS_SENT), "nobody parked: no wake-up");
        free.addWaiter(); // a producer parked on FREE
        assertEquals(2, consumer.poll(collect, 10));
        assertEquals(1, counter(Role.CONSUMER, COUNTER_WAKEUPS_SENT));
        free.removeWaiter();
    }

    @Test
    void waitCountersContinueAcrossInstancesOfEachSide()
    {
        final RingConsumer first = consumer();
        first.poll(collect, 1);
        first.idle();
        assertEquals(1, counter(Role.CONSUMER, COUNTER_WAITS));
        final RingConsumer second = consumer();
        second.poll(collect, 1);
        second.idle();
        assertEquals(2, counter(Role.CONSUMER, COUNTER_WAITS), "continued from the file, not from 0");
        final RingProducer producer = producer(1);
        while (producer.claim(1, 100, 0) > 0)
        {
            producer.commit();
        }
        producer.claim(1, 100, 0);
        final long waits = counter(Role.PRODUCER, COUNTER_WAITS);
        assertTrue(waits >= 1);
        producer(1).claim(1, 100, 0);
        assertEquals(waits + 1, counter(Role.PRODUCER, COUNTER_WAITS));
    }

    @Test
    void typeIdsAtBothEndsOfTheirRangeAndLengthsUpToTheMaxAreAccepted()
    {
        final RingProducer producer = producer(1);
        assertTrue(producer.claim(0, 0, Long.MAX_VALUE) > 0);
        producer.commit();
        assertTrue(producer.claim(io.mmipc.core.file.RecordLayout.MAX_TYPE_ID, 2032, Long.MAX_VALUE) > 0);
        producer.commit();
        final List<String> typed = new ArrayList<>();
        consumer().poll(new RecordHandler()
        {
            @Override
            public void onRecord(final int type, final long sequence, final DirectBuffer b, final int offset, final int length)
            {
            }

            @Override
            public void onRecord(final int kind, final int typeId, final long sequence, final DirectBuffer b,
                final int offset, final int length)
            {
                typed.add(typeId + ":" + length);
            }
        }, 10);
        assertEquals(List.of("0:0", "16777215:2032"), typed);
    }

    @Test
    void aWriteCopiesThePayloadAndAWaitEndsWhenAConsumerFreesSpace() throws Exception
    {
        final RingProducer producer = producer(1000);
        final byte[] text = "payload!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0, producer.write(new UnsafeBuffer(text), 0, text.length));
        while (producer.claim(1, 100, 0) > 0)
        {
            producer.commit();
        }
        assertTrue(used.available() > 0, "records written before the wait were published for the consumer");
        final java.util.concurrent.CompletableFuture<Integer> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> producer.claim(1, 100, System.nanoTime() + 10_000_000_000L));
        Thread.sleep(100);
        assertFalse(waiting.isDone());
        final List<String> texts = new ArrayList<>();
        consumer().poll((int type, long sequence, DirectBuffer b, int offset, int length) ->
            texts.add(b.getStringWithoutLengthAscii(offset, Math.min(length, 8))), 2); // 24 + 120 bytes freed
        assertEquals("payload!", texts.get(0));
        assertTrue(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS) > 0, "space came while it waited");
        producer.commit();
        stop.request("test");
        assertFalse(producer.endOfStream() && used.available() < 0, "a stopped producer on a full ring writes no end");
    }
}
