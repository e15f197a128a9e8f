package io.mmipc.core.wait;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.NativeCalls;
import io.mmipc.core.signal.WakeSignal;

/**
 * Wakes the peer parked on a semaphore, by the means the peer asked for in its slot (its wait
 * strategy): FUTEX_WAKE on the semaphore's wake word, or SIGUSR1 by {@code kill(2)}. Called only
 * when {@link CountingSemaphore#release} reported a parked waiter, so it costs nothing while data
 * flows.
 *
 * <p>A signal goes only to a peer that (a) marked itself PARKED, hence installed its SIGUSR1
 * handler first; (b) lives in our pid namespace, since a pid from another container names some
 * other process here; and (c) is the process the slot recorded, checked by start time once per
 * pid, since a reused pid must never receive a signal that would kill it.
 */
public final class Waker
{
    private final ParticipantSlot peer;
    private final ProcessIdentity me;
    private final NativeCalls nativeCalls = new NativeCalls();
    private final int usr1 = WakeSignal.number();
    private long verifiedPid;
    private long verifiedStart;
    private long wakeups;
    private long signalsSent;
    private long futexWakes;

    /**
     * @param peer the slot of the process to wake.
     * @param me   this process.
     */
    public Waker(final ParticipantSlot peer, final ProcessIdentity me)
    {
        this.peer = peer;
        this.me = me;
    }

    /**
     * Wakes whoever is parked on {@code semaphore}.
     *
     * @param semaphore that just received permits.
     */
    public void wake(final CountingSemaphore semaphore)
    {
        wakeups++;
        final WaitStrategy mode = WaitStrategy.ofCode(peer.wakeMode());
        if (mode == WaitStrategy.FUTEX)
        {
            futexWakeAll(nativeCalls, semaphore);
            futexWakes++;
            return;
        }
        semaphore.bumpWakeSequence(); // a futex waiter that read the old value now will not sleep
        if (mode == WaitStrategy.SIGNAL && peer.state() == ParticipantState.PARKED && peer.sameNamespaceAs(me))
        {
            final long pid = peer.pid();
            final long start = peer.startTicks();
            if (start == 0 || (pid == me.pid() && !WakeSignal.installed()))
            {
                return; // unverifiable, or ourselves without a handler: the bounded park covers it
            }
            if (pid != verifiedPid || start != verifiedStart)
            {
                if (!ProcessIdentity.isAliveHere(pid, start))
                {
                    return;
                }
                verifiedPid = pid;
                verifiedStart = start;
            }
            nativeCalls.kill(pid, usr1);
            signalsSent++;
        }
    }

    /**
     * Wakes every process parked on the semaphore's futex word: bumps the word first, so that a
     * waiter that read the old value and has not slept yet does not sleep at all.
     *
     * @param calls     the caller's native calls.
     * @param semaphore that just received permits, or whose mailbox was destroyed.
     */
    public static void futexWakeAll(final NativeCalls calls, final CountingSemaphore semaphore)
    {
        semaphore.bumpWakeSequence();
        calls.futexWake(semaphore.wakeSequenceAddress(), Integer.MAX_VALUE);
    }

    /**
     * @return wake-ups asked for so far (each time a release found a parked waiter).
     */
    public long wakeups()
    {
        return wakeups;
    }

    /**
     * @return SIGUSR1 signals really sent by {@code kill(2)}.
     */
    public long signalsSent()
    {
        return signalsSent;
    }

    /**
     * @return FUTEX_WAKE calls really made.
     */
    public long futexWakes()
    {
        return futexWakes;
    }
}
