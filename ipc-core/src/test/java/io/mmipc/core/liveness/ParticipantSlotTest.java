package io.mmipc.core.liveness;

import io.mmipc.core.wait.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class ParticipantSlotTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final ProcessIdentity me = ProcessIdentity.current();

    private ProcessIdentity other(final long token)
    {
        return new ProcessIdentity(me.pid(), me.startMillis(), me.pidNamespace(), token);
    }

    @Test
    void ofManyProcessesClaimingOneFreeSlotAtOnceExactlyOneWins() throws Exception
    {
        final int claimers = 6;
        for (int round = 0; round < 200; round++)
        {
            final ParticipantSlot slot = new ParticipantSlot(buffer, Role.PRODUCER);
            if (round > 0)
            {
                slot.state(ParticipantState.STOPPED);
            }
            final CyclicBarrier barrier = new CyclicBarrier(claimers);
            final AtomicInteger won = new AtomicInteger();
            final AtomicInteger refused = new AtomicInteger();
            final Thread[] threads = new Thread[claimers];
            for (int i = 0; i < claimers; i++)
            {
                final ProcessIdentity id = other(1000L * round + i + 1);
                threads[i] = new Thread(() ->
                {
                    try
                    {
                        barrier.await();
                        new ParticipantSlot(buffer, Role.PRODUCER).claim(Path.of("slot"), id, WaitStrategy.FUTEX);
                        won.incrementAndGet();
                    }
                    catch (final RoleTakenException ex)
                    {
                        refused.incrementAndGet();
                    }
                    catch (final Exception ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                });
                threads[i].start();
            }
            for (final Thread t : threads)
            {
                t.join();
            }
            assertEquals(1, won.get(), "round " + round);
            assertEquals(claimers - 1, refused.get());
            assertEquals(ParticipantState.RUNNING, slot.state());
        }
    }

    @Test
    void stateChangesKeepTheClaimGenerationAndLiveOwnerIsNeverDisplaced()
    {
        final ParticipantSlot slot = new ParticipantSlot(buffer, Role.CONSUMER);
        assertEquals(ParticipantState.EMPTY, slot.claim(Path.of("slot"), me, WaitStrategy.SIGNAL));
        slot.state(ParticipantState.PARKED);
        assertEquals(ParticipantState.PARKED, slot.state());
        assertEquals(WaitStrategy.SIGNAL, slot.waitStrategy());
        final RoleTakenException ex = assertThrows(RoleTakenException.class,
            () -> slot.claim(Path.of("slot"), other(77), WaitStrategy.SPIN));
        assertTrue(ex.getMessage().contains("a live consumer (pid " + me.pid() + ")"), ex.getMessage());
        slot.state(ParticipantState.STOPPED);
        assertEquals(ParticipantState.STOPPED, slot.claim(Path.of("slot"), other(78), WaitStrategy.SPIN));
        assertTrue(slot.ownedBy(78));
    }

    @Test
    void slotOfAProcessThatIsGoneReadsDead()
    {
        final ParticipantSlot slot = new ParticipantSlot(buffer, Role.PRODUCER);
        final ProcessIdentity gone = new ProcessIdentity(Integer.MAX_VALUE - 7, 1, me.pidNamespace(), 99);
        slot.claim(Path.of("slot"), gone, WaitStrategy.FUTEX);
        assertEquals(ParticipantState.DEAD, slot.effectiveState(me));
        assertEquals(ParticipantState.DEAD, slot.claim(Path.of("slot"), me, WaitStrategy.FUTEX), "taken over");
        assertEquals(ParticipantState.RUNNING, slot.effectiveState(me));
    }

    @Test
    void peerInAnotherPidNamespaceIsAliveWhileItsHeartbeatIsFresh()
    {
        final ParticipantSlot slot = new ParticipantSlot(buffer, Role.PRODUCER);
        final ProcessIdentity elsewhere = new ProcessIdentity(1, 1, me.pidNamespace() + 1, 5);
        slot.claim(Path.of("slot"), elsewhere, WaitStrategy.FUTEX);
        assertEquals(ParticipantState.RUNNING, slot.effectiveState(me), "pid 1 here is not that process: heartbeat decides");
        slot.heartbeat(System.currentTimeMillis() - ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS - 1);
        assertEquals(ParticipantState.DEAD, slot.effectiveState(me));
    }
}
