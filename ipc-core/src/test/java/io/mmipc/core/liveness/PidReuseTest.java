package io.mmipc.core.liveness;

import io.mmipc.WaitStrategy;
import io.mmipc.exceptions.RoleTakenException;
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

    private ParticipantSlot slotOf(final long startTicks)
    {
        final ParticipantSlot slot = new ParticipantSlot(buffer, 0, Role.CONSUMER);
        slot.claim(Path.of("reuse.mmipc"), new ProcessIdentity(me.pid(), startTicks, me.pidNamespace(), 77),
            WaitStrategy.FUTEX.code());
        return slot;
    }

    @Test
    void livePidWithItsOwnStartTimeIsAlive()
    {
        final ParticipantSlot slot = slotOf(me.startTicks());
        assertEquals(ParticipantState.RUNNING, slot.effectiveState(me));
        assertThrows(RoleTakenException.class,
            () -> new ParticipantSlot(buffer, 0, Role.CONSUMER).claim(Path.of("reuse.mmipc"), me, WaitStrategy.FUTEX.code()));
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), me.startTicks()));
    }

    @Test
    void livePidWithAnotherStartTimeIsDeadAndItsRoleCanBeTakenOver()
    {
        assertTrue(me.startTicks() > 0, "this platform reports start times");
        for (final long otherStart : new long[] {me.startTicks() - 6_000, me.startTicks() + 6_000,
            me.startTicks() - 1, me.startTicks() + 1})
        {
            final ParticipantSlot slot = slotOf(otherStart);
            assertEquals(ParticipantState.RUNNING, slot.state(), "the slot itself still says RUNNING");
            assertEquals(ParticipantState.DEAD, slot.effectiveState(me), "start ticks " + otherStart);
            assertFalse(ProcessIdentity.isAliveHere(me.pid(), otherStart));
            final ParticipantSlot next = new ParticipantSlot(buffer, 0, Role.CONSUMER);
            assertEquals(ParticipantState.DEAD, next.claim(Path.of("reuse.mmipc"), me, WaitStrategy.FUTEX.code()),
                "taken over from the dead process");
            assertEquals(ParticipantState.RUNNING, next.effectiveState(me));
            next.state(ParticipantState.STOPPED);
        }
    }

    @Test
    void startTicksMustMatchExactlyAndAnUnknownStartTrustsThePid()
    {
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), me.startTicks()));
        assertFalse(ProcessIdentity.isAliveHere(me.pid(), me.startTicks() + 1), "one tick off is another process");
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), 0), "an unknown start time trusts the pid");
        assertFalse(ProcessIdentity.isAliveHere(0, me.startTicks()));
        assertFalse(ProcessIdentity.isAliveHere(-1, 0));
    }
}
