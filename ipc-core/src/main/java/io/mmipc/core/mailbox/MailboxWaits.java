package io.mmipc.core.mailbox;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.exceptions.MailboxDestroyedException;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * The waiting layered on the non-blocking {@link MailboxQueue}: a sender waits for free slots, a
 * receiver for messages, both through the project's {@link Waiter}, holding no claim while they wait.
 *
 * <p>Each wait: try; after {@link #REGISTER_AFTER_IDLES} fruitless idle calls (during which the
 * Waiter is asked for a level it always has, so it spins or yields but never sleeps) set this
 * entry's bit in the waiting mask and try again; from then on take a snapshot of the wake word's
 * VALUE before each try and let the Waiter park until VALUE passes it (see {@link MailboxWakeups}
 * for why no wake-up is lost). After each park, run the {@link MailboxUnblocker}: a position held by
 * a dead participant is resolved as soon as that process is known dead. Stop and destroy end a wait.
 */
final class MailboxWaits
{
    /**
     * Idle calls before a waiter sets its waiting bit: a short wait (the common case while messages
     * flow) costs the other side no wake-up.
     */
    static final int REGISTER_AFTER_IDLES = 1_000;

    private final Path path;
    private final AtomicBuffer buffer;
    private final ParticipantTable table;
    private final ProcessIdentity me;
    private final MailboxWakeups wakeups;
    private final MailboxQueue queue;
    private final int index;
    private final StopFlag stop;
    private final Waiter waiter;
    private boolean waiting;
    private int idles;
    private long lastParks;

    MailboxWaits(final Path path, final AtomicBuffer buffer, final ParticipantTable table, final ProcessIdentity me,
        final MailboxWakeups wakeups, final MailboxQueue queue, final int index, final StopFlag stop, final Waiter waiter)
    {
        this.path = path;
        this.buffer = buffer;
        this.table = table;
        this.me = me;
        this.wakeups = wakeups;
        this.queue = queue;
        this.index = index;
        this.stop = stop;
        this.waiter = waiter;
    }

    /**
     * @return positions claimed, 0 on stop.
     */
    int claim(final int n)
    {
        int k = queue.tryClaim(n);
        if (k > 0)
        {
            return k;
        }
        start();
        try
        {
            while (true)
            {
                final long snapshot = wakeups.free().available();
                k = queue.tryClaim(n);
                if (k > 0 || stop.requested())
                {
                    return k;
                }
                idle(true, wakeups.free(), snapshot, CrashPoints.SEND);
            }
        }
        finally
        {
            finish(true, CrashPoints.SEND);
        }
    }

    /**
     * @param deadline {@link System#nanoTime()} to give up at, or {@link Long#MAX_VALUE}.
     * @return messages handled, 0 on deadline or stop.
     */
    int receive(final MessageHandler handler, final int limit, final long deadline)
    {
        start();
        try
        {
            while (true)
            {
                final long snapshot = wakeups.used().available();
                final int n = queue.tryReceive(handler, limit);
                if (n > 0 || stop.requested() || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0))
                {
                    return n;
                }
                idle(false, wakeups.used(), snapshot, CrashPoints.RECEIVE);
            }
        }
        finally
        {
            finish(false, CrashPoints.RECEIVE);
        }
    }

    private void start()
    {
        waiting = false;
        idles = 0;
        waiter.reset();
        lastParks = waiter.parks();
    }

    private void idle(final boolean sendSide, final CountingSemaphore semaphore, final long snapshot, final String scope)
    {
        checkNotDestroyed(buffer, path);
        if (!waiting)
        {
            if (++idles < REGISTER_AFTER_IDLES)
            {
                waiter.idle(semaphore, Long.MIN_VALUE); // spins or yields; never sleeps without our bit set
                return;
            }
            waiting = true;
            wakeups.waiting(sendSide, index, true, scope);
            return; // try again with the bit set before any park
        }
        if (waiter.parks() != lastParks)
        {
            // after each park (not while spinning: it reads /proc for entries that hold claims)
            lastParks = waiter.parks();
            MailboxUnblocker.unblockAll(buffer, table, me, wakeups);
        }
        waiter.idle(semaphore, snapshot + 1);
    }

    private void finish(final boolean sendSide, final String scope)
    {
        if (waiting)
        {
            wakeups.waiting(sendSide, index, false, scope);
        }
    }

    static void checkNotDestroyed(final AtomicBuffer buffer, final Path path)
    {
        if ((buffer.getIntVolatile(FLAGS_OFFSET) & FLAG_DESTROYED) != 0)
        {
            throw new MailboxDestroyedException(path, buffer.getLongVolatile(DESTROYED_BY_OFFSET));
        }
    }
}
