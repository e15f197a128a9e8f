package io.mmipc.core.semaphore;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class CountingSemaphoreTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final CountingSemaphore semaphore = new CountingSemaphore(buffer, 64, "TEST");

    /** Never waits long: gives up after a few idles, so a lost permit shows as a failure, not a hang. */
    private static final class CountingWaiter implements SemaphoreWaiter
    {
        int idles;

        @Override
        public void reset()
        {
        }

        @Override
        public void idle(final CountingSemaphore s, final long needed)
        {
            idles++;
            Thread.onSpinWait();
        }

        @Override
        public boolean stopRequested()
        {
            return false;
        }
    }

    @Test
    void tryAcquireTakesOnlyWhatIsThere()
    {
        semaphore.reset(5);
        assertTrue(semaphore.tryAcquire(3));
        assertFalse(semaphore.tryAcquire(3));
        assertEquals(2, semaphore.available());
        assertTrue(semaphore.tryAcquire(2));
        assertEquals(0, semaphore.available());
    }

    @Test
    void drainTakesEverythingWithOneCall()
    {
        semaphore.reset(0);
        assertEquals(0, semaphore.drain());
        semaphore.release(7);
        semaphore.release(5);
        assertEquals(12, semaphore.drain());
        assertEquals(0, semaphore.available());
    }

    @Test
    void drainAboveTakesOnlyWhatIsAboveTheKeep()
    {
        semaphore.reset(10);
        assertEquals(0, semaphore.drainAbove(10), "nothing above the keep");
        assertEquals(10, semaphore.available());
        assertEquals(0, semaphore.drainAbove(15), "below the keep: nothing, and nothing changes");
        assertEquals(10, semaphore.available());
        assertEquals(6, semaphore.drainAbove(4));
        assertEquals(4, semaphore.available());
        assertEquals(4, semaphore.drainAbove(0), "a keep of 0 is drain");
        assertEquals(0, semaphore.available());
    }

    @Test
    void acquireGivesUpAtItsDeadline()
    {
        semaphore.reset(1);
        final CountingWaiter waiter = new CountingWaiter();
        assertFalse(semaphore.acquire(2, waiter, System.nanoTime() + 5_000_000));
        assertTrue(waiter.idles > 0);
        assertEquals(1, semaphore.available(), "a failed acquire takes nothing");
    }

    @Test
    void releaseReportsParkedWaiters()
    {
        semaphore.reset(0);
        assertFalse(semaphore.release(1));
        semaphore.addWaiter();
        assertTrue(semaphore.release(1));
        semaphore.removeWaiter();
        assertEquals(0, semaphore.waiters());
    }

    @Test
    void acquireResetsItsWaiterWaitsForPermitsAndTakesThem() throws Exception
    {
        semaphore.reset(0);
        final int[] resets = new int[1];
        final SemaphoreWaiter waiter = new SemaphoreWaiter()
        {
            @Override
            public void reset()
            {
                resets[0]++;
            }

            @Override
            public void idle(final CountingSemaphore s, final long needed)
            {
                assertEquals(3, needed);
                s.release(1); // permits arrive one at a time while it waits
            }

            @Override
            public boolean stopRequested()
            {
                return false;
            }
        };
        assertTrue(semaphore.acquire(3, waiter, Long.MAX_VALUE));
        assertEquals(1, resets[0], "a fresh wait starts its backoff from the beginning");
        assertEquals(0, semaphore.available());
        semaphore.reset(3);
        assertTrue(semaphore.acquire(3, waiter, System.nanoTime() - 1), "permits there: a past deadline does not matter");
    }

    @Test
    void resetTakesZeroAndAboveAndTheWakeWordLiesInTheSemaphore()
    {
        semaphore.reset(0);
        assertEquals(0, semaphore.available());
        assertThrows(IllegalArgumentException.class, () -> semaphore.reset(-1));
        assertEquals(buffer.addressOffset() + 64 + CountingSemaphore.WAKE_SEQUENCE_OFFSET, semaphore.wakeSequenceAddress());
        final int before = semaphore.wakeSequence();
        semaphore.bumpWakeSequence();
        assertEquals(before + 1, buffer.getIntVolatile(64 + CountingSemaphore.WAKE_SEQUENCE_OFFSET));
        semaphore.reset(4);
        assertEquals("TEST=4", semaphore.toString());
        semaphore.addWaiter();
        assertEquals("TEST=4 (1 parked)", semaphore.toString());
        semaphore.clearWaiters();
        assertEquals(0, semaphore.waiters());
        assertEquals("TEST", semaphore.name());
        assertThrows(IllegalArgumentException.class, () -> new CountingSemaphore(buffer, 12, "odd"));
        assertThrows(IndexOutOfBoundsException.class, () -> new CountingSemaphore(buffer, 256 - 8, "past the end"));
    }

    @Test
    void nonPositivePermitsAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> semaphore.tryAcquire(0));
        assertThrows(IllegalArgumentException.class, () -> semaphore.release(-1));
    }

    @Test
    void neverNegativeAndNothingLostUnderConcurrentThreads() throws Exception
    {
        final long initial = 1_000;
        semaphore.reset(initial);
        final int threads = 4;
        final AtomicBoolean negative = new AtomicBoolean();
        final AtomicLong operations = new AtomicLong();
        final Thread watcher = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (semaphore.available() < 0)
                {
                    negative.set(true);
                }
            }
        });
        watcher.start();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() ->
            {
                final ThreadLocalRandom random = ThreadLocalRandom.current();
                final CountingWaiter waiter = new CountingWaiter();
                for (int i = 0; i < 200_000; i++)
                {
                    final long n = 1 + random.nextInt(100);
                    if (random.nextBoolean())
                    {
                        if (semaphore.tryAcquire(n))
                        {
                            semaphore.release(n);
                        }
                    }
                    else if (semaphore.acquire(n, waiter, Long.MAX_VALUE))
                    {
                        semaphore.release(n);
                    }
                    final long drained = semaphore.drain();
                    if (drained > 0)
                    {
                        semaphore.release(drained);
                    }
                    operations.incrementAndGet();
                }
            });
            workers[t].start();
        }
        for (final Thread w : workers)
        {
            w.join();
        }
        watcher.interrupt();
        watcher.join();
        assertFalse(negative.get(), "the value was seen negative");
        assertEquals(initial, semaphore.available(), "every permit taken was given back");
        assertEquals(threads * 200_000L, operations.get());
    }
}
