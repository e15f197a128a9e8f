package io.mmipc.core.liveness;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.mmipc.core.liveness.ParticipantSlot.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The slot's words, exactly: where each field lies, how a claim and a fence move the generation
 * (wrapping included), the INSIDE bit, and what the owner's identity repair rewrites and when.
 */
class ParticipantSlotWordTest
{
    private static final int AT = ChannelDescriptor.slotOffset(Role.CONSUMER);
    private static final int MAX_GENERATION = (1 << 23) - 1;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final ProcessIdentity me = ProcessIdentity.current();

    private ParticipantSlot slot()
    {
        return new ParticipantSlot(buffer, AT, Role.CONSUMER);
    }

    @Test
    void eachFieldLiesAtItsOffsetInsideTheSlotAndNothingOutsideIsTouched()
    {
        final ParticipantSlot slot = slot();
        slot.claim(Path.of("f"), me, WaitStrategy.BACKOFF.code());
        assertEquals(me.pid(), buffer.getLong(AT + PID_OFFSET));
        assertEquals(me.startTicks(), buffer.getLong(AT + START_TICKS_OFFSET));
        assertEquals(me.pidNamespace(), buffer.getLong(AT + PID_NAMESPACE_OFFSET));
        assertEquals(WaitStrategy.BACKOFF.code(), buffer.getInt(AT + WAKE_MODE_OFFSET));
        assertEquals(slot.token(), buffer.getLong(AT + TOKEN_OFFSET));
        assertNotEquals(0, slot.token());
        assertEquals(me.pid(), slot.pid());
        assertEquals(me.startTicks(), slot.startTicks());
        assertEquals(me.pidNamespace(), slot.pidNamespace());
        assertEquals(WaitStrategy.BACKOFF.code(), slot.wakeMode());
        assertTrue(Math.abs(slot.heartbeatMillis() - System.nanoTime() / 1_000_000L) < 1_000);
        assertTrue(Math.abs(monotonicMillis() - System.nanoTime() / 1_000_000L) < 1_000);
        for (int i = 0; i < 4096; i += 4)
        {
            if (i < AT || i >= AT + LENGTH)
            {
                assertEquals(0, buffer.getInt(i), "byte " + i + " is outside the slot");
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> new ParticipantSlot(buffer, 4096 - LENGTH + 8, Role.CONSUMER));
    }

    @Test
    void aClaimAdvancesTheGenerationByOneAndWrapsAtItsTop()
    {
        buffer.putIntVolatile(AT + STATE_OFFSET, word(41, ParticipantState.STOPPED));
        buffer.putLongVolatile(AT + TOKEN_OFFSET, 1); // somebody held it before: not EMPTY
        final ParticipantSlot slot = slot();
        assertEquals(ParticipantState.STOPPED, slot.claim(Path.of("f"), me, WaitStrategy.FUTEX.code()));
        assertEquals(word(42, ParticipantState.RUNNING), slot.stateWordVolatile());
        assertEquals(42, generationOf(slot.stateWordVolatile()));
        assertFalse(inside(slot.stateWordVolatile()));
        assertTrue(slot.enterVolatile());
        assertTrue(inside(slot.stateWordVolatile()));
        assertEquals(INSIDE, slot.activityVolatile());
        assertTrue(slot.state(ParticipantState.PARKED));
        assertEquals(word(42, ParticipantState.PARKED) | 0x100, slot.stateWordVolatile(), "a state change keeps INSIDE");
        slot.leaveOrdered();
        assertEquals(word(42, ParticipantState.PARKED), slot.stateWordVolatile());

        final UnsafeBuffer other = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
        other.putIntVolatile(AT + STATE_OFFSET, word(MAX_GENERATION, ParticipantState.STOPPED));
        other.putLongVolatile(AT + TOKEN_OFFSET, 1);
        final ParticipantSlot wrapped = new ParticipantSlot(other, AT, Role.CONSUMER);
        wrapped.claim(Path.of("f"), me, WaitStrategy.FUTEX.code());
        assertEquals(0, generationOf(wrapped.stateWordVolatile()), "the generation wraps to 0");
        assertTrue(wrapped.isOwner(), "generation 0 is a generation like any other");
        assertTrue(wrapped.state(ParticipantState.PARKED));
        assertEquals(ParticipantState.PARKED, wrapped.state());
    }

    @Test
    void aFenceBumpsTheJudgedGenerationToStoppedAndAFencedOwnerCannotEnter()
    {
        final ParticipantSlot owner = slot();
        owner.claim(Path.of("f"), me, WaitStrategy.FUTEX.code());
        final int judged = owner.stateWordVolatile();
        assertTrue(slot().fence(judged));
        assertEquals(word(generationOf(judged) + 1, ParticipantState.STOPPED), owner.stateWordVolatile());
        assertFalse(owner.enterVolatile(), "not the owner any more");
        assertFalse(owner.isOwner());
        owner.leaveOrdered();
        assertEquals(word(generationOf(judged) + 1, ParticipantState.STOPPED), owner.stateWordVolatile(),
            "a former owner's leave writes nothing");

        buffer.putIntVolatile(AT + STATE_OFFSET, word(MAX_GENERATION, ParticipantState.RUNNING));
        assertTrue(slot().fence(word(MAX_GENERATION, ParticipantState.RUNNING)));
        assertEquals(word(0, ParticipantState.STOPPED), buffer.getIntVolatile(AT + STATE_OFFSET), "wraps to 0");
    }

    @Test
    void anUnknownStateCodeReadsAsDead()
    {
        buffer.putIntVolatile(AT + STATE_OFFSET, word(3, ParticipantState.RUNNING) & ~0xFF | 0x7F);
        assertNull(slot().state());
        assertEquals(ParticipantState.DEAD, slot().effectiveState(me));
    }

    @Test
    void theOwnersRepairRewritesEveryIdentityFieldOnlyWhenOneIsNotItsOwn()
    {
        final ParticipantSlot owner = slot();
        owner.claim(Path.of("f"), me, WaitStrategy.FUTEX.code());
        buffer.putInt(AT + WAKE_MODE_OFFSET, 99);
        owner.repairIdentity(me, WaitStrategy.FUTEX.code());
        assertEquals(99, owner.wakeMode(), "identity intact: nothing rewritten");

        buffer.putLong(AT + START_TICKS_OFFSET, me.startTicks() + 1);
        buffer.putLong(AT + PID_NAMESPACE_OFFSET, 12345);
        owner.repairIdentity(me, WaitStrategy.SPIN.code());
        assertEquals(me.startTicks(), owner.startTicks());
        assertEquals(me.pidNamespace(), owner.pidNamespace());
        assertEquals(WaitStrategy.SPIN.code(), owner.wakeMode());

        buffer.putLong(AT + TOKEN_OFFSET, owner.token() + 1);
        owner.repairIdentity(me, WaitStrategy.FUTEX.code());
        assertTrue(owner.ownedBy(owner.token()), "a token overwritten by a late claimer is written back");
        assertFalse(owner.ownedBy(0), "no claim holds token 0");

        buffer.putLong(AT + PID_OFFSET, me.pid() + 1);
        owner.repairIdentity(me, WaitStrategy.FUTEX.code());
        assertEquals(me.pid(), owner.pid());

        final ParticipantSlot notOwner = slot();
        buffer.putLong(AT + PID_OFFSET, 77);
        notOwner.repairIdentity(me, WaitStrategy.FUTEX.code());
        assertEquals(77, notOwner.pid(), "only the owner repairs");
    }
}
