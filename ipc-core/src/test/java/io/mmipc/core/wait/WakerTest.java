package io.mmipc.core.wait;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.WakeSignal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Which means a {@link Waker} uses for each wait strategy and peer, counted separately from the
 * wake-ups asked for: a futex wake for FUTEX; for SIGNAL a kill only to a PARKED peer that is
 * verifiably alive in this pid namespace; for spinning strategies nothing but the wake word.
 */
class WakerTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final CountingSemaphore semaphore = new CountingSemaphore(buffer, 512, "S");
    private final ProcessIdentity me = ProcessIdentity.current();

    private int nextSlot;

    private ParticipantSlot peer(final ProcessIdentity who, final WaitStrategy strategy, final ParticipantState state)
    {
        final ParticipantSlot slot = new ParticipantSlot(buffer, nextSlot, null); // a slot of its own each time
        nextSlot += 128;
        slot.claim(Path.of("w"), who, strategy.code());
        assertTrue(slot.state(state));
        return slot;
    }

    @Test
    void aFutexPeerGetsAFutexWakeAndTheWakeWordMoves()
    {
        final Waker waker = new Waker(peer(me, WaitStrategy.FUTEX, ParticipantState.PARKED), me);
        final int before = semaphore.wakeSequence();
        waker.wake(semaphore);
        assertEquals(before + 1, semaphore.wakeSequence());
        assertEquals(1, waker.wakeups());
        assertEquals(1, waker.futexWakes());
        assertEquals(0, waker.signalsSent());
    }

    @Test
    void aSpinningPeerGetsOnlyTheWakeWord()
    {
        final Waker waker = new Waker(peer(me, WaitStrategy.BACKOFF, ParticipantState.PARKED), me);
        final int before = semaphore.wakeSequence();
        waker.wake(semaphore);
        waker.wake(semaphore);
        assertEquals(before + 2, semaphore.wakeSequence());
        assertEquals(2, waker.wakeups());
        assertEquals(0, waker.futexWakes());
        assertEquals(0, waker.signalsSent());
    }

    @Test
    void noSignalGoesToAPeerThatIsNotParkedNotHereOrNotVerifiable()
    {
        final Waker running = new Waker(peer(me, WaitStrategy.SIGNAL, ParticipantState.RUNNING), me);
        running.wake(semaphore);
        assertEquals(0, running.signalsSent(), "not parked: it sees the permits without a signal");

        final ProcessIdentity elsewhere = new ProcessIdentity(me.pid(), me.startTicks(), me.pidNamespace() + 1, 1);
        final Waker otherNamespace = new Waker(peer(elsewhere, WaitStrategy.SIGNAL, ParticipantState.PARKED), me);
        otherNamespace.wake(semaphore);
        assertEquals(0, otherNamespace.signalsSent(), "that pid names another process here");

        final ProcessIdentity unknownStart = new ProcessIdentity(me.pid(), 0, me.pidNamespace(), 1);
        final Waker unverifiable = new Waker(peer(unknownStart, WaitStrategy.SIGNAL, ParticipantState.PARKED), me);
        unverifiable.wake(semaphore);
        assertEquals(0, unverifiable.signalsSent());

        final ProcessIdentity reused = new ProcessIdentity(me.pid(), me.startTicks() + 1, me.pidNamespace(), 1);
        final Waker reusedPid = new Waker(peer(reused, WaitStrategy.SIGNAL, ParticipantState.PARKED), me);
        reusedPid.wake(semaphore);
        assertEquals(0, reusedPid.signalsSent(), "a reused pid must never get a signal");
        assertEquals(1, reusedPid.wakeups(), "the wake-up was asked for all the same");
    }

    @Test
    void aParkedLivePeerHereIsSignalledOncePerWake()
    {
        WakeSignal.install();
        final Waker waker = new Waker(peer(me, WaitStrategy.SIGNAL, ParticipantState.PARKED), me);
        waker.wake(semaphore);
        waker.wake(semaphore);
        assertEquals(2, waker.signalsSent(), "verified once, signalled each time");
        assertEquals(0, waker.futexWakes());
    }
}
