package io.mmipc.core.liveness;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.exceptions.RoleTakenException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class ParticipantSlotTest
{
    private static final int AT = ChannelDescriptor.slotOffset(Role.PRODUCER);
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final ProcessIdentity me = ProcessIdentity.current();

    private ParticipantSlot slot(final Role role)
    {
        return new ParticipantSlot(buffer, ChannelDescriptor.slotOffset(role), role);
    }

    private void writeState(final int generation, final ParticipantState state)
    {
        buffer.putIntVolatile(AT + ParticipantSlot.STATE_OFFSET, ParticipantSlot.word(generation, state));
    }

    @Test
    void ofManyProcessesClaimingOneFreeSlotAtOnceExactlyOneWins() throws Exception
    {
        final int claimers = 6;
        for (int round = 0; round < 200; round++)
        {
            final ParticipantSlot reader = slot(Role.PRODUCER);
            if (round > 0)
            {
                writeState(ParticipantSlot.generationOf(reader.stateWordVolatile()), ParticipantState.STOPPED);
            }
            final CyclicBarrier barrier = new CyclicBarrier(claimers);
            final AtomicInteger won = new AtomicInteger();
            final AtomicInteger refused = new AtomicInteger();
            final ParticipantSlot[] views = new ParticipantSlot[claimers];
            final Thread[] threads = new Thread[claimers];
            for (int i = 0; i < claimers; i++)
            {
                final ParticipantSlot view = views[i] = slot(Role.PRODUCER);
                threads[i] = new Thread(() ->
                {
                    try
                    {
                        barrier.await();
                        view.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code());
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
            assertEquals(ParticipantState.RUNNING, reader.state());
            int owners = 0;
            for (final ParticipantSlot view : views)
            {
                owners += view.isOwner() ? 1 : 0;
            }
            assertEquals(1, owners, "exactly one view holds the generation");
        }
    }

    @Test
    void stateChangesKeepTheClaimGenerationAndLiveOwnerIsNeverDisplaced()
    {
        final ParticipantSlot slot = slot(Role.CONSUMER);
        assertEquals(ParticipantState.EMPTY, slot.claim(Path.of("slot"), me, WaitStrategy.SIGNAL.code()));
        final int generation = ParticipantSlot.generationOf(slot.stateWordVolatile());
        assertTrue(slot.state(ParticipantState.PARKED));
        assertEquals(ParticipantState.PARKED, slot.state());
        assertEquals(generation, ParticipantSlot.generationOf(slot.stateWordVolatile()));
        assertEquals(WaitStrategy.SIGNAL.code(), slot.wakeMode());
        final ParticipantSlot rival = slot(Role.CONSUMER);
        final RoleTakenException ex = assertThrows(RoleTakenException.class,
            () -> rival.claim(Path.of("slot"), me, WaitStrategy.SPIN.code()));
        assertTrue(ex.getMessage().contains("a live consumer (pid " + me.pid() + ")"), ex.getMessage());
        assertTrue(slot.state(ParticipantState.STOPPED));
        assertEquals(ParticipantState.STOPPED, rival.claim(Path.of("slot"), me, WaitStrategy.SPIN.code()));
        assertTrue(rival.isOwner());
        assertFalse(slot.isOwner(), "the earlier claim lost the slot when it was claimed again");
        assertFalse(slot.state(ParticipantState.STOPPED), "a former owner cannot write the state");
        assertEquals(ParticipantState.RUNNING, slot.state(), "the new owner's state stands");
    }

    @Test
    void eachClaimHasItsOwnToken()
    {
        final ParticipantSlot producer = slot(Role.PRODUCER);
        final ParticipantSlot consumer = slot(Role.CONSUMER);
        producer.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code());
        consumer.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code());
        assertNotEquals(producer.token(), consumer.token(), "two endpoints of one JVM are told apart");
        assertTrue(producer.ownedBy(producer.token()));
        assertFalse(producer.ownedBy(consumer.token()));
    }

    @Test
    void slotOfAProcessThatIsGoneReadsDead()
    {
        final ParticipantSlot slot = slot(Role.PRODUCER);
        final ProcessIdentity gone = new ProcessIdentity(Integer.MAX_VALUE - 7, 1, me.pidNamespace(), 99);
        slot.claim(Path.of("slot"), gone, WaitStrategy.FUTEX.code());
        assertEquals(ParticipantState.DEAD, slot.effectiveState(me));
        final ParticipantSlot next = slot(Role.PRODUCER);
        assertEquals(ParticipantState.DEAD, next.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code()), "taken over");
        assertEquals(ParticipantState.RUNNING, next.effectiveState(me));
    }

    @Test
    void aLivePidWithAnotherStartTimeIsAReusedPidAndReadsDead()
    {
        final ParticipantSlot slot = slot(Role.PRODUCER);
        final ProcessIdentity reused = new ProcessIdentity(me.pid(), me.startTicks() + 1, me.pidNamespace(), 1);
        slot.claim(Path.of("slot"), reused, WaitStrategy.FUTEX.code());
        assertEquals(ParticipantState.DEAD, slot.effectiveState(me), "this JVM's pid, but not this JVM");
        final ParticipantSlot same = slot(Role.CONSUMER);
        same.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code());
        assertEquals(ParticipantState.RUNNING, same.effectiveState(me));
    }

    @Test
    void peerInAnotherPidNamespaceIsAliveWhileItsHeartbeatIsFresh()
    {
        final ParticipantSlot slot = slot(Role.PRODUCER);
        final ProcessIdentity elsewhere = new ProcessIdentity(1, 1, me.pidNamespace() + 1, 5);
        slot.claim(Path.of("slot"), elsewhere, WaitStrategy.FUTEX.code());
        assertEquals(ParticipantState.RUNNING, slot.effectiveState(me), "pid 1 here is not that process: heartbeat decides");
        slot.heartbeat(ParticipantSlot.monotonicMillis() - ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS - 1);
        assertEquals(ParticipantState.DEAD, slot.effectiveState(me));
    }

    @Test
    void aClaimerThatStalledPastTheTimeoutIsTakenOverAndCannotFinishItsClaim()
    {
        final ParticipantSlot stalled = slot(Role.PRODUCER);
        writeState(1, ParticipantState.CLAIMING); // its first CAS won generation 1, then it stalled
        final ParticipantSlot rival = slot(Role.PRODUCER);
        final long start = System.nanoTime();
        assertEquals(ParticipantState.DEAD, rival.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code()));
        assertTrue(System.nanoTime() - start >= ParticipantSlot.CLAIM_TIMEOUT_NANOS, "waited out the claim timeout");
        assertTrue(rival.isOwner());
        assertTrue(rival.enterVolatile());
        final ProcessIdentity late = new ProcessIdentity(me.pid() + 1, 7, me.pidNamespace(), 3);
        assertFalse(stalled.finishClaim(1, late, WaitStrategy.SPIN.code()), "the stalled claim cannot end as owner");
        assertFalse(stalled.isOwner());
        assertTrue(rival.isOwner(), "exactly one owner");
        assertEquals(ParticipantSlot.INSIDE, rival.activityVolatile(), "the late claimer cannot mark the owner OUTSIDE");
        assertEquals(me.pid() + 1, rival.pid(), "the loser's late identity landed");
        rival.repairIdentity(me, WaitStrategy.FUTEX.code());
        assertEquals(me.pid(), rival.pid(), "the owner's heartbeat writes its identity back");
        assertTrue(rival.ownedBy(rival.token()));
    }

    @Test
    void aFencedOwnerLosesItsRoleAndCannotWriteItsState()
    {
        final ParticipantSlot owner = slot(Role.PRODUCER);
        owner.claim(Path.of("slot"), me, WaitStrategy.FUTEX.code());
        final ParticipantSlot judge = slot(Role.PRODUCER);
        final int word = judge.stateWordVolatile();
        assertTrue(judge.fence(word));
        assertFalse(owner.isOwner());
        assertEquals(ParticipantState.STOPPED, judge.state());
        assertFalse(owner.state(ParticipantState.PARKED), "the fence is never overwritten");
        assertEquals(ParticipantState.STOPPED, judge.state());
        assertFalse(judge.fence(word) && judge.stateWordVolatile() == word, "a stale judgement fences nothing more");
    }
}
