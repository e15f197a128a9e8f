package io.mmipc.core.liveness;

import io.mmipc.core.wait.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A peer counts as dead when its pid belongs to a process with another start time: the pid was
 * reused after the peer died. The slot here names a live pid, this JVM's, with its real start time
 * (alive) and with another one (dead), in this pid namespace.
 */
class PidReuseTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final ProcessIdentity me = ProcessIdentity.current();

    private ParticipantSlot slotOf(final long startMillis)
    {
        final ParticipantSlot slot = new ParticipantSlot(buffer, Role.CONSUMER);
        slot.claim(Path.of("reuse.mmipc"), new ProcessIdentity(me.pid(), startMillis, me.pidNamespace(), 77),
            WaitStrategy.FUTEX);
        return slot;
    }

    @Test
    void livePidWithItsOwnStartTimeIsAlive()
    {
        final ParticipantSlot slot = slotOf(me.startMillis());
        assertEquals(ParticipantState.RUNNING, slot.effectiveState(me));
        assertThrows(RoleTakenException.class, () -> slot.claim(Path.of("reuse.mmipc"), me, WaitStrategy.FUTEX));
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), me.startMillis()));
    }

    @Test
    void livePidWithAnotherStartTimeIsDeadAndItsRoleCanBeTakenOver()
    {
        assertTrue(me.startMillis() > 0, "this platform reports start times");
        for (final long otherStart : new long[] {me.startMillis() - 60_000, me.startMillis() + 60_000,
            me.startMillis() - 11, me.startMillis() + 11})
        {
            final ParticipantSlot slot = slotOf(otherStart);
            assertEquals(ParticipantState.RUNNING, slot.state(), "the slot itself still says RUNNING");
            assertEquals(ParticipantState.DEAD, slot.effectiveState(me), "start time " + otherStart);
            assertFalse(ProcessIdentity.isAliveHere(me.pid(), otherStart));
            assertEquals(ParticipantState.DEAD, slot.claim(Path.of("reuse.mmipc"), me, WaitStrategy.FUTEX),
                "taken over from the dead process");
            assertEquals(ParticipantState.RUNNING, slot.effectiveState(me));
            slot.state(ParticipantState.STOPPED);
        }
    }

    @Test
    void startTimesWithinTheClocksGrainAreTheSameProcess()
    {
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), me.startMillis() + 10));
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), me.startMillis() - 10));
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), 0), "an unknown start time trusts the pid");
        assertFalse(ProcessIdentity.isAliveHere(0, me.startMillis()));
        assertFalse(ProcessIdentity.isAliveHere(-1, 0));
    }
}
