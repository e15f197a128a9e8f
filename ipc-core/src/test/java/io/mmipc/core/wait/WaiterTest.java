package io.mmipc.core.wait;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.NativeCalls;
import io.mmipc.core.signal.StopFlag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The waiter's escalation (spin, yield, then park), what it shows while parked (PARKED in its slot,
 * one waiter on the semaphore) and undoes after, and when it must not park at all.
 */
class WaiterTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final CountingSemaphore semaphore = new CountingSemaphore(buffer, 512, "S");
    private final ParticipantSlot slot = new ParticipantSlot(buffer, 0, null);
    private final StopFlag stop = new StopFlag();

    private ParticipantSlot claimed()
    {
        slot.claim(Path.of("w"), ProcessIdentity.current(), WaitStrategy.FUTEX.code());
        return slot;
    }

    @Test
    void aFutexWaiterSpinsAndYieldsBeforeItParksAndResetStartsOver()
    {
        final Waiter waiter = new Waiter(WaitStrategy.FUTEX, claimed(), stop, 1_000_000L);
        assertSame(WaitStrategy.FUTEX, waiter.strategy());
        assertSame(stop, waiter.stopFlag());
        for (int i = 0; i < Waiter.SPINS + Waiter.YIELDS; i++)
        {
            waiter.idle(semaphore, 1);
        }
        assertEquals(0, waiter.parks(), "no park before the spins and yields are used up");
        waiter.idle(semaphore, 1);
        assertEquals(1, waiter.parks());
        assertEquals(ParticipantState.RUNNING, slot.state(), "PARKED undone after the park");
        assertEquals(0, semaphore.waiters());
        waiter.reset();
        waiter.idle(semaphore, 1);
        assertEquals(1, waiter.parks(), "after a reset it spins again first");
    }

    @Test
    void whileParkedItIsMarkedAndCountedAndAFutexWakeEndsThePark() throws Exception
    {
        final Waiter waiter = new Waiter(WaitStrategy.FUTEX, claimed(), stop, 30_000_000_000L);
        final CompletableFuture<Long> parked = CompletableFuture.supplyAsync(() ->
        {
            final long start = System.nanoTime();
            for (int i = 0; i <= Waiter.SPINS + Waiter.YIELDS; i++)
            {
                waiter.idle(semaphore, 1);
            }
            return System.nanoTime() - start;
        });
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while ((slot.state() != ParticipantState.PARKED || semaphore.waiters() != 1) && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(ParticipantState.PARKED, slot.state());
        assertEquals(1, semaphore.waiters());
        Thread.sleep(100);
        semaphore.release(1);
        Waker.futexWakeAll(new NativeCalls(), semaphore);
        assertTrue(parked.get(10, TimeUnit.SECONDS) < 20_000_000_000L, "woken, not left to its 30 s bound");
        assertEquals(ParticipantState.RUNNING, slot.state());
        assertEquals(0, semaphore.waiters());
    }

    @Test
    void itDoesNotParkWhenThePermitsAreThereAStopWasAskedOrItsRoleIsLost()
    {
        final Waiter waiter = new Waiter(WaitStrategy.FUTEX, claimed(), stop, 30_000_000_000L);
        for (int i = 0; i < Waiter.SPINS + Waiter.YIELDS; i++)
        {
            waiter.idle(semaphore, 1);
        }
        semaphore.reset(1);
        waiter.idle(semaphore, 1);
        assertEquals(0, waiter.parks(), "the permits came: re-checked after marking PARKED");
        semaphore.reset(0);
        stop.request("test");
        assertTrue(waiter.stopRequested());
        waiter.idle(semaphore, 1);
        assertEquals(0, waiter.parks(), "a stop was asked for");

        final Waiter fenced = new Waiter(WaitStrategy.FUTEX, slot, new StopFlag(), 30_000_000_000L);
        for (int i = 0; i < Waiter.SPINS + Waiter.YIELDS; i++)
        {
            fenced.idle(semaphore, 1);
        }
        assertTrue(slot.fence(slot.stateWordVolatile()));
        final long start = System.nanoTime();
        fenced.idle(semaphore, 1);
        assertEquals(0, fenced.parks(), "a fenced owner does not park: its caller's owner check stops it");
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        assertEquals(0, semaphore.waiters());
    }
}
