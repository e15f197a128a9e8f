package io.mmipc.core.semaphore;

import org.agrona.concurrent.AtomicBuffer;

/**
 * A counting semaphore that lives in shared memory: a view over a 16-byte block of a mapping that
 * several processes CAS on.
 *
 * <pre>
 *   0                 8          12         16
 *   +-----------------+----------+----------+
 *   |  VALUE (long)   | WAITERS  | WAKE_SEQ |
 *   +-----------------+----------+----------+
 * </pre>
 *
 * VALUE is the number of permits, never negative: every decrement is a CAS that checks it first,
 * and increments only add. WAITERS counts processes parked (not spinning) on this semaphore, so
 * that a releaser pays for a wake-up only when somebody sleeps. WAKE_SEQ is the 32-bit futex word
 * that releasers bump before waking, so that a waiter which read it before parking never sleeps
 * through a release (FUTEX_WAIT returns at once when the word has changed).
 *
 * <p>All accesses are volatile or CAS: the block is written by both sides, and the CAS that moves
 * permits is also what orders the data it stands for (records, free space) between processes.
 */
public final class CountingSemaphore
{
    public static final int VALUE_OFFSET = 0;
    public static final int WAITERS_OFFSET = 8;
    public static final int WAKE_SEQUENCE_OFFSET = 12;
    public static final int LENGTH = 16;

    private final AtomicBuffer buffer;
    private final int offset;
    private final String name;

    /**
     * @param buffer the mapping.
     * @param offset of the semaphore's block within it, 8-byte aligned.
     * @param name   for messages, e.g. "FREE".
     */
    public CountingSemaphore(final AtomicBuffer buffer, final int offset, final String name)
    {
        buffer.boundsCheck(offset, LENGTH);
        if ((offset & 7) != 0)
        {
            throw new IllegalArgumentException("semaphore offset " + offset + " is not 8-byte aligned");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.name = name;
    }

    /**
     * @return the permits available now (a volatile read).
     */
    public long available()
    {
        return buffer.getLongVolatile(offset + VALUE_OFFSET);
    }

    /**
     * Takes {@code n} permits if that many are available, without waiting.
     *
     * @param n permits, at least 1.
     * @return true if taken.
     */
    public boolean tryAcquire(final long n)
    {
        checkPositive(n);
        final int at = offset + VALUE_OFFSET;
        while (true)
        {
            final long value = buffer.getLongVolatile(at);
            if (value < n)
            {
                return false;
            }
            if (buffer.compareAndSetLong(at, value, value - n))
            {
                return true;
            }
        }
    }

    /**
     * Takes {@code n} permits, waiting with {@code waiter} until they are available, the deadline
     * passes or the waiter's stop flag is raised.
     *
     * @param n              permits, at least 1.
     * @param waiter         how to wait between attempts.
     * @param deadlineNanos  {@link System#nanoTime()} after which to give up, or {@link Long#MAX_VALUE}.
     * @return true if taken, false on deadline or stop.
     */
    public boolean acquire(final long n, final SemaphoreWaiter waiter, final long deadlineNanos)
    {
        waiter.reset();
        while (!tryAcquire(n))
        {
            if (waiter.stopRequested() || (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0))
            {
                return false;
            }
            waiter.idle(this, n);
        }
        return true;
    }

    /**
     * Takes every available permit with one CAS: how batching consumers amortise the shared line.
     *
     * @return the permits taken, possibly 0.
     */
    public long drain()
    {
        final int at = offset + VALUE_OFFSET;
        while (true)
        {
            final long value = buffer.getLongVolatile(at);
            if (value == 0 || buffer.compareAndSetLong(at, value, 0))
            {
                return value;
            }
        }
    }

    /**
     * Takes every permit above {@code keep} with one CAS, leaving {@code keep} behind: how a
     * producer keeps its lead over the consumer within a working window.
     *
     * @param keep permits to leave, 0 or more ({@code drainAbove(0)} is {@link #drain()}).
     * @return the permits taken, possibly 0.
     */
    public long drainAbove(final long keep)
    {
        final int at = offset + VALUE_OFFSET;
        while (true)
        {
            final long value = buffer.getLongVolatile(at);
            if (value <= keep || buffer.compareAndSetLong(at, value, keep))
            {
                return Math.max(0, value - keep);
            }
        }
    }

    /**
     * Returns {@code n} permits.
     *
     * @param n permits, at least 1.
     * @return true if a process is parked on this semaphore and should be woken by the caller.
     */
    public boolean release(final long n)
    {
        checkPositive(n);
        // getAndAdd is a full fence: the parked-waiter count read after it cannot be stale with
        // respect to a waiter that incremented it and then re-checked VALUE (see SemaphoreWaiter).
        buffer.getAndAddLong(offset + VALUE_OFFSET, n);
        return buffer.getIntVolatile(offset + WAITERS_OFFSET) > 0;
    }

    /**
     * Sets the value outright. Only for creation and for recovery, when no other process holds
     * permits of this semaphore.
     *
     * @param value new value, not negative.
     */
    public void reset(final long value)
    {
        checkPositive(value + 1);
        buffer.putLongVolatile(offset + VALUE_OFFSET, value);
    }

    /**
     * @return how many processes are parked on this semaphore.
     */
    public int waiters()
    {
        return buffer.getIntVolatile(offset + WAITERS_OFFSET);
    }

    /**
     * Registers the caller as parked. A full fence, so that the re-check of {@link #available()}
     * that must follow cannot be reordered before it.
     */
    public void addWaiter()
    {
        buffer.getAndAddInt(offset + WAITERS_OFFSET, 1);
    }

    /**
     * Unregisters the caller after it woke up.
     */
    public void removeWaiter()
    {
        buffer.getAndAddInt(offset + WAITERS_OFFSET, -1);
    }

    /**
     * Clears the parked-waiter count, for recovery after a process died while parked.
     */
    public void clearWaiters()
    {
        buffer.putIntVolatile(offset + WAITERS_OFFSET, 0);
    }

    /**
     * @return the futex word's current value.
     */
    public int wakeSequence()
    {
        return buffer.getIntVolatile(offset + WAKE_SEQUENCE_OFFSET);
    }

    /**
     * Changes the futex word so that a waiter that read it before parking does not sleep.
     */
    public void bumpWakeSequence()
    {
        buffer.getAndAddInt(offset + WAKE_SEQUENCE_OFFSET, 1);
    }

    /**
     * @return native address of the futex word, for FUTEX_WAIT and FUTEX_WAKE.
     */
    public long wakeSequenceAddress()
    {
        return buffer.addressOffset() + offset + WAKE_SEQUENCE_OFFSET;
    }

    public String name()
    {
        return name;
    }

    @Override
    public String toString()
    {
        return name + "=" + available() + (waiters() > 0 ? " (" + waiters() + " parked)" : "");
    }

    private static void checkPositive(final long n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("permits must be at least 1: " + n);
        }
    }
}
