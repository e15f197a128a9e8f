package io.mmipc.core.signal;

import sun.misc.Signal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * SIGUSR1 as a wake-up between processes. The handler unparks every thread that registered
 * itself ({@link #arm()}) as about to park.
 *
 * <p><b>No lost wake-up.</b> A waiting thread arms itself <em>before</em> it marks its slot PARKED
 * (which is what makes a peer send the signal) and re-checks its condition after that. A signal
 * handled at any moment after the mark therefore finds the thread armed and unparks it; an unpark
 * that comes before {@link LockSupport#parkNanos} leaves a permit, so the park returns at once.
 * Several threads of one JVM may wait at once (two endpoints): each is armed separately. SIGUSR1, not SIGUSR2: HotSpot uses SIGUSR2 internally for thread suspension,
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

    private static final Set<Thread> ARMED = ConcurrentHashMap.newKeySet();
    private static final AtomicLong HANDLED = new AtomicLong();
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
                HANDLED.incrementAndGet();
                for (final Thread t : ARMED)
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
     * Registers the calling thread to be unparked by the next SIGUSR1: call before marking the
     * slot PARKED.
     */
    public static void arm()
    {
        ARMED.add(Thread.currentThread());
    }

    /**
     * Unregisters the calling thread after its park.
     */
    public static void disarm()
    {
        ARMED.remove(Thread.currentThread());
    }

    /**
     * Parks the calling thread, armed before, for at most {@code nanos}.
     *
     * @param nanos bound of the park.
     */
    public static void park(final long nanos)
    {
        LockSupport.parkNanos(nanos);
    }

    /**
     * @return how many SIGUSR1 this JVM has handled (for tests that prove a signal really arrived).
     */
    public static long handled()
    {
        return HANDLED.get();
    }
}
