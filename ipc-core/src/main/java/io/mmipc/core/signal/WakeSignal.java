package io.mmipc.core.signal;

import sun.misc.Signal;

import java.util.concurrent.locks.LockSupport;

/**
 * SIGUSR1 as a wake-up between processes. The handler unparks the one thread that registered
 * itself as parked. SIGUSR1, not SIGUSR2: HotSpot uses SIGUSR2 internally for thread suspension,
 * and a Java handler for it sees false calls and breaks JFR.
 *
 * <p>A SIGUSR1 that reaches a JVM before a handler is installed terminates it, so a process must
 * {@link #install()} before it advertises that it may be woken by signal (its participant slot's
 * wait mode), and peers signal only a process that marked itself PARKED.
 *
 * <p>The JDK runs each handler on a newly started thread: a wake-up by signal costs about 150 µs
 * (p50 on these machines) against about 8 µs for a futex, which is why the futex is the default.
 */
public final class WakeSignal
{
    public static final String NAME = "USR1";

    private static volatile Thread parked;
    private static volatile boolean installed;
    private static int number;

    private WakeSignal()
    {
    }

    /**
     * Installs the SIGUSR1 handler once per process.
     *
     * @return the signal's number, for {@code kill}.
     */
    public static synchronized int install()
    {
        if (!installed)
        {
            final Signal usr1 = new Signal(NAME);
            Signal.handle(usr1, signal ->
            {
                final Thread t = parked;
                if (t != null)
                {
                    LockSupport.unpark(t);
                }
            });
            number = usr1.getNumber();
            installed = true;
        }
        return number;
    }

    /**
     * @return true once this process handles SIGUSR1.
     */
    public static boolean installed()
    {
        return installed;
    }

    /**
     * @return the number of SIGUSR1 on this platform.
     */
    public static int number()
    {
        return new Signal(NAME).getNumber();
    }

    /**
     * Parks the calling thread for at most {@code nanos}, to be unparked early by SIGUSR1.
     *
     * @param nanos bound of the park.
     */
    public static void park(final long nanos)
    {
        parked = Thread.currentThread();
        LockSupport.parkNanos(nanos);
        parked = null;
    }
}
