package io.mmipc.core.wait;

import io.mmipc.WaitStrategy;
import io.mmipc.core.jfr.ParkEvent;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.semaphore.SemaphoreWaiter;
import io.mmipc.core.signal.NativeCalls;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.signal.WakeSignal;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Waits for permits with a {@link WaitStrategy}; one instance per waiting thread (it is not
 * thread-safe and allocates nothing after construction).
 *
 * <p>The parking strategies (SIGNAL, FUTEX) first spin, then yield, then park with this protocol,
 * which is what makes a lost wake-up impossible rather than merely unlikely:
 * <ol>
 *   <li>read the semaphore's wake word (futex) and add itself to its waiter count (a full fence);</li>
 *   <li>in SIGNAL mode, arm its thread for the signal handler ({@link WakeSignal#arm()});</li>
 *   <li>mark its slot PARKED;</li>
 *   <li>re-check the semaphore: if the permits are there, do not park;</li>
 *   <li>park, bounded by {@link #PARK_BOUND_NANOS}, then undo 1 and 2.</li>
 * </ol>
 * A releaser adds permits (a full fence) and then reads the waiter count: either it sees the
 * waiter and wakes it, or the waiter's re-check sees the permits. The bound means that even a wake
 * that cannot be delivered (a peer in another pid namespace, a signal lost) costs latency, never
 * progress.
 */
public final class Waiter implements SemaphoreWaiter
{
    /**
     * Longest single park. Bounds the cost of an undeliverable wake-up (a peer in another pid
     * namespace in SIGNAL mode). 50 ms; the system property {@code mmipc.parkBoundMillis} changes it,
     * so that tests can set it to 30 s and prove that every wake-up is really delivered.
     */
    public static final long PARK_BOUND_NANOS = Long.getLong("mmipc.parkBoundMillis", 50L) * 1_000_000L;
    static final int SPINS = 20_000;
    static final int YIELDS = 100;

    private final WaitStrategy strategy;
    private final ParticipantSlot self;
    private final StopFlag stop;
    private final IdleStrategy idle;
    private final NativeCalls nativeCalls;
    private final long parkBoundNanos;
    private int calls;
    private long parks;

    /**
     * @param strategy how to wait.
     * @param self     this process's slot, marked PARKED while parked; may be null for SPIN/BACKOFF.
     * @param stop     raised to end waits early.
     */
    public Waiter(final WaitStrategy strategy, final ParticipantSlot self, final StopFlag stop)
    {
        this(strategy, self, stop, PARK_BOUND_NANOS);
    }

    /**
     * @param strategy       how to wait.
     * @param self           this process's slot, marked PARKED while parked; may be null for SPIN/BACKOFF.
     * @param stop           raised to end waits early.
     * @param parkBoundNanos longest single park; tests set it long to prove wake-ups are delivered.
     */
    public Waiter(final WaitStrategy strategy, final ParticipantSlot self, final StopFlag stop, final long parkBoundNanos)
    {
        this.parkBoundNanos = parkBoundNanos;
        this.strategy = strategy;
        this.self = self;
        this.stop = stop;
        this.idle = switch (strategy)
        {
            case SPIN -> new BusySpinIdleStrategy();
            case BACKOFF -> new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            case SIGNAL, FUTEX -> null;
        };
        this.nativeCalls = strategy == WaitStrategy.FUTEX ? new NativeCalls() : null;
        if (strategy == WaitStrategy.SIGNAL)
        {
            WakeSignal.install(); // before any peer may see us PARKED in SIGNAL mode
        }
    }

    public WaitStrategy strategy()
    {
        return strategy;
    }

    /**
     * @return the stop flag this waiter watches.
     */
    public StopFlag stopFlag()
    {
        return stop;
    }

    @Override
    public void reset()
    {
        calls = 0;
        if (idle != null)
        {
            idle.reset();
        }
    }

    @Override
    public boolean stopRequested()
    {
        return stop.requested();
    }

    /**
     * @return how many times this waiter parked (SIGNAL/FUTEX) so far.
     */
    public long parks()
    {
        return parks;
    }

    @Override
    public void idle(final CountingSemaphore semaphore, final long needed)
    {
        if (idle != null)
        {
            idle.idle();
            return;
        }
        final int n = calls++;
        if (n < SPINS)
        {
            Thread.onSpinWait();
        }
        else if (n < SPINS + YIELDS)
        {
            Thread.yield();
        }
        else
        {
            park(semaphore, needed);
        }
    }

    private void park(final CountingSemaphore semaphore, final long needed)
    {
        final int sequence = semaphore.wakeSequence();
        semaphore.addWaiter();
        final boolean signal = strategy == WaitStrategy.SIGNAL;
        if (signal)
        {
            WakeSignal.arm(); // before PARKED: a signal sent on seeing PARKED must find this thread
        }
        // A fenced owner (state() false) does not park: its caller's owner check stops it.
        final boolean marked = self == null || self.state(ParticipantState.PARKED);
        try
        {
            if (marked && semaphore.available() < needed && !stop.requested())
            {
                parks++;
                final ParkEvent event = new ParkEvent(); // the slow path: a park costs microseconds anyway
                event.begin();
                final long parkedAt = System.nanoTime();
                if (strategy == WaitStrategy.FUTEX)
                {
                    nativeCalls.futexWait(semaphore.wakeSequenceAddress(), sequence, parkBoundNanos);
                }
                else
                {
                    WakeSignal.park(parkBoundNanos);
                }
                if (event.shouldCommit())
                {
                    event.end();
                    event.semaphore = semaphore.name();
                    event.needed = needed;
                    event.woken = System.nanoTime() - parkedAt < parkBoundNanos;
                    event.commit();
                }
            }
        }
        finally
        {
            if (self != null && marked)
            {
                self.state(ParticipantState.RUNNING);
            }
            semaphore.removeWaiter();
            if (signal)
            {
                WakeSignal.disarm();
            }
        }
    }
}
