package io.mmipc;

import io.mmipc.core.wait.Waiter;
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
 * The default is {@link #FUTEX}, chosen by measurement on the 2-vCPU development machine
 * (JDK 25, Nov 2026):
 * <ul>
 *   <li>throughput, {@code scripts/demo --wait W} (10^7 verified 64-byte records, consumer msg/s,
 *       3 interleaved rounds): spin 23.6/26.1/27.4 M, backoff 25.5/26.1/26.7 M, signal
 *       20.9/21.1/23.0 M, futex 24.2/26.1/27.7 M: futex is level with spin, because while data flows
 *       nobody parks and the releaser's only extra cost is reading the waiter count on the line its
 *       CAS already owns;</li>
 *   <li>CPU of a consumer idling 5 s on an empty channel: spin 5,040 ms, backoff 100 ms, signal
 *       40 ms, futex 60 ms: spin burns a core, which on 2 cores starves the producer;</li>
 *   <li>wake-up of a parked peer: futex about 8 µs p50, a signal about 150 µs (the JDK runs each
 *       signal handler on a new thread), backoff up to its 1 ms park.</li>
 * </ul>
 * Spin remains the choice for the lowest latency when a core can be given to each side.
 */
public enum WaitStrategy
{
    /** Busy-spin: the lowest latency, a whole core while waiting. */
    SPIN(1),
    /** Spin, yield, then park with growing sleeps; nobody is woken. */
    BACKOFF(2),
    /** Spin, yield, then park until the peer's SIGUSR1 (or a bounded park). */
    SIGNAL(3),
    /** Spin, yield, then FUTEX_WAIT until the peer's FUTEX_WAKE (or a bounded wait); the default. */
    FUTEX(4);

    /** The strategy used unless another is chosen: {@link #FUTEX}. */
    public static final WaitStrategy DEFAULT = FUTEX;

    private final int code;

    WaitStrategy(final int code)
    {
        this.code = code;
    }

    /**
     * The code stored in a participant slot's wake mode (explicit, never the ordinal).
     *
     * @return the code.
     */
    public int code()
    {
        return code;
    }

    /**
     * The strategy a participant slot's wake mode names.
     *
     * @param code as stored in a participant slot.
     * @return the strategy, or null for a code no writer uses.
     */
    public static WaitStrategy ofCode(final int code)
    {
        for (final WaitStrategy s : values())
        {
            if (s.code == code)
            {
                return s;
            }
        }
        return null;
    }

    /**
     * Parses a command line's {@code --wait} value.
     *
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
     * The name as used on command lines.
     *
     * @return the lower-case name.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
