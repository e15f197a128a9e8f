package io.mmipc.core.wait;

import java.util.Locale;

/**
 * How a side waits when the ring is full (producer) or empty (consumer), and how its peer wakes it.
 *
 * <ul>
 *   <li>{@link #SPIN}: busy-spin ({@code Thread.onSpinWait}); lowest latency, burns a core.</li>
 *   <li>{@link #BACKOFF}: spin, then yield, then park 1 µs doubling to 1 ms (Agrona's
 *       {@code BackoffIdleStrategy}); nobody is woken, a waiter notices within its park.</li>
 *   <li>{@link #SIGNAL}: spin, yield, then park up to {@link Waiter#PARK_BOUND_NANOS}; the peer
 *       sends SIGUSR1 with {@code kill(2)}. Signals do not cross pid namespaces, where the bounded
 *       park alone keeps things moving.</li>
 *   <li>{@link #FUTEX}: spin, yield, then {@code FUTEX_WAIT} on the semaphore's wake word up to the
 *       same bound; the peer calls {@code FUTEX_WAKE}. Works across pid namespaces.</li>
 * </ul>
 *
 * The default is {@link #FUTEX}: it wakes in microseconds (about 8 µs p50 against about 150 µs for
 * a signal, whose handler the JDK runs on a fresh thread), costs nothing while data flows because a
 * releaser makes the call only when the waiter count in the shared semaphore is non-zero, and frees
 * the core when idle, which matters on a 2-core machine where a spinning consumer competes with its
 * producer. README's Performance section holds the side-by-side figures.
 */
public enum WaitStrategy
{
    SPIN, BACKOFF, SIGNAL, FUTEX;

    public static final WaitStrategy DEFAULT = FUTEX;

    /**
     * @param name as typed on a command line, any case.
     * @return the strategy.
     * @throws IllegalArgumentException naming the choices.
     */
    public static WaitStrategy parse(final String name)
    {
        try
        {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown wait strategy '" + name + "': use spin, backoff, signal or futex");
        }
    }

    /**
     * @return lower-case name as used on command lines.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
