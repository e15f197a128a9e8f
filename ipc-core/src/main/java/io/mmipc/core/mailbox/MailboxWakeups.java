package io.mmipc.core.mailbox;

import io.mmipc.WaitStrategy;
import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.NativeCalls;
import io.mmipc.core.wait.Waker;
import org.agrona.concurrent.AtomicBuffer;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * Wake-ups, kept off the fast path: a waiter sets its entry's bit in a waiting mask
 * (SENDERS_WAITING for free slots, RECEIVERS_WAITING for messages); a sender after publishing, or a
 * receiver after freeing, reads the mask and pays for a wake-up only when it is not zero.
 *
 * <p>The FREE and USED blocks are {@link CountingSemaphore}s used as <em>wake words</em>, not as
 * permit counts: VALUE counts wake events (the {@link io.mmipc.core.wait.Waiter} parks only while
 * VALUE is below the snapshot its caller took plus one), WAKE_SEQ is the futex word. Nothing in them
 * needs recomputing after a crash: VALUE only grows, and the mask, which decides who is waiting, has
 * one bit per entry that the {@link MailboxUnblocker} clears for a dead owner. (The semaphores'
 * WAITERS counts, kept by the Waiter, are read by nobody here, so one leaked by a process killed
 * while parked costs nothing.)
 *
 * <p>Why no wake-up is lost (a Dekker handshake; both sides' first steps are full fences):
 * waiter: set bit (CAS); snapshot := VALUE; re-check the queue; park while VALUE == snapshot.
 * waker: publish (CAS); read mask; if not zero: VALUE += 1, bump WAKE_SEQ, FUTEX_WAKE. Either the
 * waker sees the bit, and its VALUE increment (or the bump) ends or prevents the park, or the bit
 * was set after the waker read the mask, and the waiter's re-check sees the published message.
 */
public final class MailboxWakeups
{
    private final AtomicBuffer buffer;
    private final ParticipantTable table;
    private final ProcessIdentity me;
    private final CountingSemaphore free;
    private final CountingSemaphore used;
    private final NativeCalls nativeCalls = new NativeCalls();
    private final Waker[] signalWakers = new Waker[MAX_PARTICIPANTS];

    public MailboxWakeups(final AtomicBuffer buffer, final ParticipantTable table, final ProcessIdentity me)
    {
        this.buffer = buffer;
        this.table = table;
        this.me = me;
        this.free = new CountingSemaphore(buffer, FREE_WAKE_OFFSET, "FREE");
        this.used = new CountingSemaphore(buffer, USED_WAKE_OFFSET, "USED");
    }

    /**
     * @return where senders wait.
     */
    public CountingSemaphore free()
    {
        return free;
    }

    /**
     * @return where receivers wait.
     */
    public CountingSemaphore used()
    {
        return used;
    }

    /** After a publish (whose CAS was a full fence). */
    void afterPublish(final String scope)
    {
        final long waiting = buffer.getLongVolatile(RECEIVERS_WAITING_OFFSET);
        if (waiting != 0)
        {
            wake(used, waiting, scope);
        }
    }

    /** After freeing slots (the caller's last store was volatile, a full fence). */
    void afterFree(final String scope)
    {
        final long waiting = buffer.getLongVolatile(SENDERS_WAITING_OFFSET);
        if (waiting != 0)
        {
            wake(free, waiting, scope);
        }
    }

    /**
     * Wakes everyone waiting on either side, e.g. after a destroy.
     */
    public void wakeAll(final String scope)
    {
        wake(free, -1L, scope);
        wake(used, -1L, scope);
    }

    private void wake(final CountingSemaphore semaphore, final long waiting, final String scope)
    {
        CrashPoints.store(scope);
        semaphore.release(1);
        CrashPoints.store(scope);
        Waker.futexWakeAll(nativeCalls, semaphore);
        long bits = waiting;
        while (bits != 0)
        {
            final int i = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            if (WaitStrategy.ofCode(table.slot(i).wakeMode()) == WaitStrategy.SIGNAL && table.slot(i).state() == ParticipantState.PARKED)
            {
                if (signalWakers[i] == null)
                {
                    signalWakers[i] = new Waker(table.slot(i), me);
                }
                signalWakers[i].wake(semaphore); // verifies the pid's start time before kill(2)
            }
        }
    }

    /**
     * Sets (or clears) entry {@code index}'s bit in a waiting mask. A CAS: a full fence before the
     * waiter's snapshot and re-check.
     *
     * @param sendSide true for SENDERS_WAITING, false for RECEIVERS_WAITING.
     */
    void waiting(final boolean sendSide, final int index, final boolean on, final String scope)
    {
        final int at = sendSide ? SENDERS_WAITING_OFFSET : RECEIVERS_WAITING_OFFSET;
        final long bit = 1L << index;
        while (true)
        {
            final long mask = buffer.getLongVolatile(at);
            final long next = on ? mask | bit : mask & ~bit;
            if (mask == next)
            {
                return;
            }
            CrashPoints.store(scope);
            if (buffer.compareAndSetLong(at, mask, next))
            {
                return;
            }
        }
    }
}
