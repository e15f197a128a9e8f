package io.mmipc.core.signal;

import java.util.concurrent.locks.LockSupport;

/**
 * A request to stop, raised by a signal handler or by code, and seen by every wait loop of the
 * process's working thread. Raising it also unparks that thread, so that a stop during a long park
 * takes effect at once rather than at the end of the park's bound.
 */
public final class StopFlag
{
    private volatile boolean requested;
    private volatile String reason;
    private volatile Thread worker;
    private volatile boolean interrupt;

    /**
     * @param thread the thread that waits on the channel and should be unparked on a stop.
     */
    public void worker(final Thread thread)
    {
        worker(thread, false);
    }

    /**
     * @param thread    the thread that waits on the channel and should be unparked on a stop.
     * @param interrupt also interrupt it, to end a blocking read from an interruptible channel.
     */
    public void worker(final Thread thread, final boolean interrupt)
    {
        this.interrupt = interrupt;
        worker = thread;
    }

    /**
     * Raises the flag.
     *
     * @param why e.g. "SIGTERM", for the exit message.
     */
    public void request(final String why)
    {
        reason = why;
        requested = true; // volatile: seen by the worker on its next check
        final Thread t = worker;
        if (t != null)
        {
            LockSupport.unpark(t);
            if (interrupt)
            {
                t.interrupt();
            }
        }
    }

    /**
     * @return true once a stop was requested (a volatile read).
     */
    public boolean requested()
    {
        return requested;
    }

    /**
     * @return what asked for the stop, or null.
     */
    public String reason()
    {
        return reason;
    }
}
