package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The producer's working window: sized from the machine's last-level cache, kept while the consumer
 * gives space back, and given up (the whole ring used) when the consumer stops moving.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class RingWindowTest
{
    private static final int CAPACITY = 64 << 10;
    private static final int WINDOW = 16 << 10;
    private static final int PAYLOAD = 1008; // a 1024-byte record

    @TempDir
    Path dir;

    private ChannelFile file;
    private UnsafeBuffer buffer;
    private CountingSemaphore free;
    private final StopFlag stop = new StopFlag();

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("ring.mmipc"), CAPACITY, 2048, PosixFilePermissions.fromString("rw-------"));
        buffer = file.buffer();
        free = new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE");
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    @Test
    void theWindowIsAQuarterOfTheLastLevelCacheAsAPowerOfTwoFrom1To16MiB()
    {
        assertEquals(8 << 20, RingWindow.fromCache(32L << 20));
        assertEquals(4 << 20, RingWindow.fromCache(20L << 20), "a quarter of 20 MiB rounds down to 4 MiB");
        assertEquals(1 << 20, RingWindow.fromCache(1L << 20), "at least 1 MiB");
        assertEquals(16 << 20, RingWindow.fromCache(1L << 30), "at most 16 MiB");
        assertEquals(4 << 20, RingWindow.fromCache(0), "unknown cache: 4 MiB");
    }

    @Test
    void theWindowIsOffUnlessThePropertyAsksForItAutoSizesItFromTheCache()
    {
        assertEquals(2 << 20, RingWindow.fromProperty("2097152", 32L << 20));
        assertEquals(0, RingWindow.fromProperty(" 0 ", 32L << 20));
        assertEquals(0, RingWindow.fromProperty(null, 32L << 20), "off unless asked for");
        assertEquals(8 << 20, RingWindow.fromProperty("auto", 32L << 20), "auto: from the cache");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RingWindow.fromProperty("8m", 32L << 20));
        assertTrue(ex.getMessage().contains("-Dmmipc.window=8m"), ex.getMessage());
    }

    @Test
    void theLastLevelCacheIsTheHighestDataOrUnifiedLevelInSysfs() throws IOException
    {
        cache(0, 1, "Data", "48K");
        cache(1, 1, "Instruction", "32K");
        cache(2, 2, "Unified", "1024K");
        cache(3, 3, "Unified", "32768K");
        cache(4, 4, "Unified", "0K"); // a level that reports no size is passed over
        cache(5, 3, "Unified", "16384K"); // a second entry of the top level: the first counts
        assertEquals(32L << 20, RingWindow.lastLevelCacheBytes(dir.resolve("cache")));
        assertEquals(0, RingWindow.lastLevelCacheBytes(dir.resolve("nosuch")), "no sysfs: unknown");
        assertEquals(3L << 30, RingWindow.parseSize("3G"));
        assertEquals(512, RingWindow.parseSize("512"));
    }

    @Test
    void aReleaseComesEveryThirtySecondOfTheWindowOrEveryQuarterRingWithout()
    {
        // This machine's window, worked out again from the same inputs, is the window of a large ring:
        final int machine = RingWindow.fromProperty(System.getProperty(RingWindow.PROPERTY),
            RingWindow.lastLevelCacheBytes(Path.of("/sys/devices/system/cpu/cpu0/cache")));
        final int window = RingWindow.bytes(1 << 30);
        assertEquals(machine <= 0 ? 1 << 30 : Math.min(1 << 30, machine), window);
        assertEquals(64 << 10, RingWindow.bytes(64 << 10), "never more than the ring");
        assertEquals(window < 1 << 30 ? Math.max(64 << 10, window / 32) : (1 << 30) / 4, RingWindow.releaseEvery(1 << 30));
        assertEquals((64 << 10) / 4, RingWindow.releaseEvery(64 << 10), "a ring no larger than the window: a quarter");
    }

    @Test
    void theProducerKeepsItsLeadWithinTheWindowWhileTheConsumerGivesSpaceBack()
    {
        final RingProducer producer = producer();
        final RingConsumer consumer = consumer();
        final byte[] payload = new byte[PAYLOAD];
        for (int lap = 0; lap < 8; lap++)
        {
            for (int i = 0; i < WINDOW / 1024; i++)
            {
                producer.write(payload, 0, PAYLOAD);
                assertTrue(free.available() >= CAPACITY - WINDOW,
                    "lap " + lap + " record " + i + ": FREE " + free.available() + " fell below the keep");
            }
            producer.flush();
            assertEquals(CAPACITY - WINDOW, free.available(), "a window ahead, the rest of the ring untouched");
            assertEquals(WINDOW / 1024, consumer.poll(RingWindowTest::ignore, Integer.MAX_VALUE));
        }
    }

    @Test
    void aProducerAWindowAheadOfAStalledConsumerGoesOnIntoTheRestOfTheRing()
    {
        final RingProducer producer = producer();
        final byte[] payload = new byte[PAYLOAD];
        for (int i = 0; i < WINDOW / 1024; i++)
        {
            producer.write(payload, 0, PAYLOAD);
        }
        final long start = System.nanoTime();
        producer.write(payload, 0, PAYLOAD); // nobody consumes: waits its patience, then takes the rest
        assertTrue(System.nanoTime() - start >= RingProducer.WINDOW_PATIENCE_NANOS, "it waited for the consumer first");
        for (int i = WINDOW / 1024 + 1; i < CAPACITY / 1024; i++)
        {
            producer.write(payload, 0, PAYLOAD);
        }
        producer.flush();
        assertEquals(0, free.available(), "the whole ring is in use: the window is not a smaller ring");
        assertEquals(CAPACITY, buffer.getLongVolatile(TAIL_OFFSET));
    }

    @Test
    void aStreamThroughAWindowedRingArrivesWholeAndInOrder() throws InterruptedException
    {
        final RingProducer producer = producer();
        final RingConsumer consumer = consumer();
        final int count = 200_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread writer = new Thread(() ->
        {
            try
            {
                final byte[] payload = new byte[64];
                for (int i = 0; i < count; i++)
                {
                    payload[0] = (byte)i;
                    producer.write(payload, 0, 1 + (i % 64));
                }
                producer.flush();
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        writer.start();
        final long[] expected = {0};
        final RecordHandler check = (int type, long sequence, DirectBuffer b, int offset, int length) ->
        {
            assertEquals(expected[0], sequence);
            assertEquals(1 + (int)(sequence % 64), length);
            assertEquals((byte)sequence, b.getByte(offset));
            expected[0]++;
        };
        while (expected[0] < count && failure.get() == null)
        {
            if (consumer.poll(check, 1000) == 0)
            {
                Thread.onSpinWait();
            }
        }
        writer.join();
        assertNull(failure.get());
        assertEquals(count, expected[0]);
    }

    private static void ignore(final int type, final long sequence, final DirectBuffer b, final int offset, final int length)
    {
    }

    private void cache(final int index, final int level, final String type, final String size) throws IOException
    {
        final Path folder = Files.createDirectories(dir.resolve("cache/index" + index));
        Files.writeString(folder.resolve("level"), level + "\n");
        Files.writeString(folder.resolve("type"), type + "\n");
        Files.writeString(folder.resolve("size"), size + "\n");
    }

    private RingProducer producer()
    {
        final Waker toConsumer = new Waker(new ParticipantSlot(buffer, slotOffset(Role.CONSUMER), Role.CONSUMER),
            ProcessIdentity.current());
        return new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop), toConsumer, TestSafePoints.none(),
            PRODUCER_COUNTERS_OFFSET, 4, WINDOW);
    }

    private RingConsumer consumer()
    {
        final Waker toProducer = new Waker(new ParticipantSlot(buffer, slotOffset(Role.PRODUCER), Role.PRODUCER),
            ProcessIdentity.current());
        return new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop), toProducer, TestSafePoints.none(),
            CONSUMER_COUNTERS_OFFSET);
    }
}
