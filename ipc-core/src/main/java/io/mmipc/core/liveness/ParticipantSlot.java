package io.mmipc.core.liveness;

import io.mmipc.core.wait.WaitStrategy;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;

/**
 * One participant's slot in the header: who holds the role and whether it is alive.
 *
 * <pre>
 *   0        8            16          24      28     32            40      48
 *   +--------+------------+-----------+-------+------+-------------+-------+
 *   |  PID   | START_TIME | HEARTBEAT | STATE | WAIT | PID_NS      | TOKEN |
 *   +--------+------------+-----------+-------+------+-------------+-------+
 * </pre>
 *
 * STATE holds the state in its low 8 bits and a claim generation above them. A slot is claimed by a
 * CAS of the whole word to (generation + 1, CLAIMING), so of two processes that judge the same slot
 * free at the same moment exactly one wins; the winner then writes its identity and TOKEN and sets
 * RUNNING. A process that finds CLAIMING waits for the claim to finish, and takes the slot over
 * (by the same CAS) only if it stays CLAIMING for {@link #CLAIM_TIMEOUT_MILLIS}, the claimer having
 * died midway. The owner alone writes the state after that, keeping the generation; STATE is
 * volatile because a peer reads it to decide whether to wake this process by signal. TOKEN names
 * the owner (a heartbeat or recovery checks it).
 *
 * <p>Liveness: a process in the reader's pid namespace is alive while a process with its pid and
 * start time exists; one in another namespace (another container) cannot be looked up, so it is
 * alive while its heartbeat, written every {@link Heartbeat#PERIOD_MILLIS} ms, is younger than
 * {@link #HEARTBEAT_TIMEOUT_MILLIS}.
 */
public final class ParticipantSlot
{
    public static final int PID_OFFSET = 0;
    public static final int START_TIME_OFFSET = 8;
    public static final int HEARTBEAT_OFFSET = 16;
    public static final int STATE_OFFSET = 24;
    public static final int WAIT_MODE_OFFSET = 28;
    public static final int PID_NAMESPACE_OFFSET = 32;
    public static final int TOKEN_OFFSET = 40;
    public static final int LENGTH = 48;

    public static final long HEARTBEAT_TIMEOUT_MILLIS = 3_000;
    /** How long a CLAIMING slot is waited for before its claimer is taken for dead. */
    public static final long CLAIM_TIMEOUT_MILLIS = 2_000;
    private static final int STATE_MASK = 0xFF;

    private final AtomicBuffer buffer;
    private final int offset;
    private final Role role;

    public ParticipantSlot(final AtomicBuffer buffer, final Role role)
    {
        this(buffer, role.slotOffset(), role);
    }

    /**
     * A slot at any offset, e.g. one entry of a mailbox's participant table.
     *
     * @param buffer the mapping.
     * @param offset of the slot, 8-byte aligned.
     * @param role   the channel role the slot stands for, or null for a mailbox participant.
     */
    public ParticipantSlot(final AtomicBuffer buffer, final int offset, final Role role)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.role = role;
        buffer.boundsCheck(offset, LENGTH);
    }

    public Role role()
    {
        return role;
    }

    /**
     * Claims the slot for {@code me} unless a live process holds it.
     *
     * @param file for the error message.
     * @param me   this process.
     * @param wait this process's wait strategy, so that peers know how to wake it.
     * @return the state the slot was in before (EMPTY, STOPPED, or DEAD when taken over).
     * @throws RoleTakenException if a live process holds it.
     */
    public ParticipantState claim(final Path file, final ProcessIdentity me, final WaitStrategy wait)
    {
        final int at = offset + STATE_OFFSET;
        long claimingSince = 0;
        while (true)
        {
            final int word = buffer.getIntVolatile(at);
            final boolean empty = buffer.getLongVolatile(offset + TOKEN_OFFSET) == 0;
            ParticipantState before = empty ? ParticipantState.EMPTY : effectiveState(me);
            if (before == ParticipantState.CLAIMING || ParticipantState.of(word & STATE_MASK) == ParticipantState.CLAIMING)
            {
                final long now = System.currentTimeMillis();
                claimingSince = claimingSince == 0 ? now : claimingSince;
                if (now - claimingSince < CLAIM_TIMEOUT_MILLIS)
                {
                    Thread.onSpinWait();
                    Thread.yield();
                    continue;
                }
                before = ParticipantState.DEAD; // its claimer died midway
            }
            else if (before == ParticipantState.RUNNING || before == ParticipantState.PARKED)
            {
                throw role == null ? new RoleTakenException(file, pid()) : new RoleTakenException(file, role, pid());
            }
            final int generation = (word >>> 8) + 1;
            if (buffer.compareAndSetInt(at, word, (generation << 8) | ParticipantState.CLAIMING.ordinal()))
            {
                buffer.putLongRelease(offset + PID_OFFSET, me.pid());
                buffer.putLongRelease(offset + START_TIME_OFFSET, me.startMillis());
                buffer.putLongRelease(offset + PID_NAMESPACE_OFFSET, me.pidNamespace());
                buffer.putLongRelease(offset + HEARTBEAT_OFFSET, System.currentTimeMillis());
                buffer.putIntRelease(offset + WAIT_MODE_OFFSET, wait.ordinal());
                buffer.putLongVolatile(offset + TOKEN_OFFSET, me.token());
                buffer.putIntVolatile(at, (generation << 8) | ParticipantState.RUNNING.ordinal());
                return before;
            }
        }
    }

    /**
     * @param me  the reading process.
     * @return the recorded state, or DEAD if it says RUNNING or PARKED but its process is gone.
     */
    public ParticipantState effectiveState(final ProcessIdentity me)
    {
        final ParticipantState recorded = state();
        if (recorded == null)
        {
            return ParticipantState.DEAD;
        }
        if (recorded == ParticipantState.CLAIMING)
        {
            return recorded; // the claimer's identity is not written yet: judged by the claim's age
        }
        if (recorded != ParticipantState.RUNNING && recorded != ParticipantState.PARKED)
        {
            return recorded;
        }
        return isAlive(me) ? recorded : ParticipantState.DEAD;
    }

    private boolean isAlive(final ProcessIdentity me)
    {
        final long ns = buffer.getLongVolatile(offset + PID_NAMESPACE_OFFSET);
        if (ns != 0 && ns == me.pidNamespace())
        {
            return ProcessIdentity.isAliveHere(pid(), startMillis());
        }
        return heartbeatAgeMillis() < HEARTBEAT_TIMEOUT_MILLIS;
    }

    /**
     * @param me the reading process.
     * @return true if the slot's owner shares {@code me}'s pid namespace, so its pid can be signalled.
     */
    public boolean sameNamespaceAs(final ProcessIdentity me)
    {
        final long ns = buffer.getLongVolatile(offset + PID_NAMESPACE_OFFSET);
        return ns != 0 && ns == me.pidNamespace();
    }

    /**
     * @param me the owner.
     * @return true if {@code me} still holds the slot.
     */
    public boolean ownedBy(final ProcessIdentity me)
    {
        return ownedBy(me.token());
    }

    /**
     * @param token an owner token.
     * @return true if the slot is held by that token.
     */
    public boolean ownedBy(final long token)
    {
        return buffer.getLongVolatile(offset + TOKEN_OFFSET) == token;
    }

    /**
     * @return the owner's pid namespace inode, 0 if unknown.
     */
    public long pidNamespace()
    {
        return buffer.getLongVolatile(offset + PID_NAMESPACE_OFFSET);
    }

    public long pid()
    {
        return buffer.getLongVolatile(offset + PID_OFFSET);
    }

    public long startMillis()
    {
        return buffer.getLongVolatile(offset + START_TIME_OFFSET);
    }

    public long heartbeatMillis()
    {
        return buffer.getLongVolatile(offset + HEARTBEAT_OFFSET);
    }

    public long heartbeatAgeMillis()
    {
        return System.currentTimeMillis() - heartbeatMillis();
    }

    /**
     * @return the recorded state, or null for a code no writer uses.
     */
    public ParticipantState state()
    {
        return ParticipantState.of(buffer.getIntVolatile(offset + STATE_OFFSET) & STATE_MASK);
    }

    /**
     * @return the owner's wait strategy, or null for an unknown code.
     */
    public WaitStrategy waitStrategy()
    {
        final int code = buffer.getIntVolatile(offset + WAIT_MODE_OFFSET);
        return code >= 0 && code < WaitStrategy.values().length ? WaitStrategy.values()[code] : null;
    }

    /**
     * Owner only. Volatile: a releasing peer reads it right after its own full fence to decide
     * whether to send SIGUSR1.
     *
     * @param state new state.
     */
    public void state(final ParticipantState state)
    {
        final int at = offset + STATE_OFFSET;
        buffer.putIntVolatile(at, (buffer.getIntVolatile(at) & ~STATE_MASK) | state.ordinal());
    }

    /**
     * Owner only; a release store, read by peers and {@code ipc stat} without ordering needs.
     *
     * @param nowMillis epoch ms.
     */
    public void heartbeat(final long nowMillis)
    {
        buffer.putLongRelease(offset + HEARTBEAT_OFFSET, nowMillis);
    }
}
