package io.mmipc.core.liveness;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.exceptions.RoleTakenException;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;

/**
 * One participant's slot: who holds a role and whether it is alive. A view, used both by the
 * owner (after {@link #claim}) and by readers (peers, recovery, {@code ipc stat}).
 *
 * <pre>
 *   0        8             16          24      28          32       40      48
 *   +--------+-------------+-----------+-------+-----------+--------+-------+
 *   |  PID   | START_TICKS | HEARTBEAT | STATE | WAKE_MODE | PID_NS | TOKEN |
 *   +--------+-------------+-----------+-------+-----------+--------+-------+
 *
 *   STATE:  bits 0-7 the state code, bit 8 INSIDE, bits 9-31 the claim generation
 * </pre>
 *
 * <p><b>STATE and ownership.</b> STATE holds a {@link ParticipantState#code()} in its low 8 bits,
 * the INSIDE bit, and a claim generation above them: everything a peer must read consistently, in
 * one word that changes only by CAS. Whoever holds the current generation owns the role; nothing else
 * (not the pid, not the token) decides it. A slot is claimed by a CAS of the whole word to
 * (generation + 1, CLAIMING), so of two processes that judge the slot free at once exactly one
 * wins; the winner writes its identity and ends the claim with a second CAS to (generation + 1,
 * RUNNING). If that CAS fails, a process took the slot over while the claimer stalled (a claim left
 * CLAIMING for {@link #CLAIM_TIMEOUT_NANOS} is taken for dead), and the stalled claimer is not the
 * owner. The owner changes the state only by CAS within its generation ({@link #state}), so a
 * takeover or a fence is never overwritten.
 *
 * <p><b>Fencing.</b> A process judged dead only by an old heartbeat may merely be paused
 * (SIGSTOP, {@code docker pause}, a long GC). Whoever acts on that judgement bumps the generation
 * ({@link #fence}); the owner checks its generation ({@link #isOwner()}) before every shared store
 * it makes, so a resumed former owner stops before it touches the channel.
 *
 * <p><b>INSIDE</b> says whether the owner may be touching the channel's shared counters right now
 * (set) or holds nothing privately and will check for a recovery before it touches anything again
 * (clear, OUTSIDE): see {@code ChannelSafePoint}. It lives in the STATE word, not a word of its own,
 * so that a claimer that stalled past the claim timeout and resumes cannot overwrite the new
 * owner's activity with its own late stores (found by the SPIN model): a claim starts OUTSIDE in the
 * same CAS that wins the slot, and only the generation's owner changes it, by CAS. The identity
 * fields are plain stores a stale claimer can still overwrite; the owner's heartbeat writes them
 * back ({@link #repairIdentity}).
 *
 * <p><b>Liveness.</b> A process in the reader's pid namespace is alive while a process with its pid
 * and start ticks exists; one in another namespace (another container) cannot be looked up, so it
 * is alive while its heartbeat, written every {@link Heartbeat#PERIOD_MILLIS} ms from the shared
 * monotonic clock, is younger than {@link #HEARTBEAT_TIMEOUT_MILLIS}.
 */
public final class ParticipantSlot
{
    public static final int PID_OFFSET = 0;
    public static final int START_TICKS_OFFSET = PID_OFFSET + Long.BYTES;
    public static final int HEARTBEAT_OFFSET = START_TICKS_OFFSET + Long.BYTES;
    public static final int STATE_OFFSET = HEARTBEAT_OFFSET + Long.BYTES;
    public static final int WAKE_MODE_OFFSET = STATE_OFFSET + Integer.BYTES;
    public static final int PID_NAMESPACE_OFFSET = WAKE_MODE_OFFSET + Integer.BYTES;
    public static final int TOKEN_OFFSET = PID_NAMESPACE_OFFSET + Long.BYTES;
    public static final int LENGTH = TOKEN_OFFSET + Long.BYTES;

    /** Activity: the owner holds nothing privately and checks for a recovery before touching anything. */
    public static final int OUTSIDE = 0;
    /** Activity: the owner may be moving permits right now. */
    public static final int INSIDE = 1;

    public static final long HEARTBEAT_TIMEOUT_MILLIS = 3_000;
    /** How long a CLAIMING slot is waited for before its claimer is taken for dead. */
    public static final long CLAIM_TIMEOUT_NANOS = 2_000_000_000L;
    private static final int STATE_MASK = 0xFF;
    private static final int INSIDE_BIT = 0x100;
    private static final int GENERATION_SHIFT = 9;
    private static final int GENERATION_MASK = (1 << (32 - GENERATION_SHIFT)) - 1;

    private final AtomicBuffer buffer;
    private final int offset;
    private final Role role;
    private int generation = -1;
    private long token;

    /**
     * A slot of a channel role.
     *
     * @param buffer the mapping.
     * @param offset of the slot ({@code ChannelDescriptor.slotOffset(role)}), 8-byte aligned.
     * @param role   the role the slot stands for.
     */
    public ParticipantSlot(final AtomicBuffer buffer, final int offset, final Role role)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.role = role;
        buffer.boundsCheck(offset, LENGTH);
    }

    /**
     * A slot at any offset, e.g. one entry of a mailbox's participant table.
     *
     * @param buffer the mapping.
     * @param offset of the slot, 8-byte aligned.
     */
    public ParticipantSlot(final AtomicBuffer buffer, final int offset)
    {
        this(buffer, offset, null);
    }

    /**
     * @return the channel role, or null for a mailbox participant.
     */
    public Role role()
    {
        return role;
    }

    /**
     * Claims the slot for {@code me} unless a live process holds it.
     *
     * @param file     for the error message.
     * @param me       this process.
     * @param wakeMode how peers wake this process (a wait strategy's code), stored for them.
     * @return the state the slot was in before (EMPTY, STOPPED, or DEAD when taken over).
     * @throws RoleTakenException if a live process holds it.
     */
    public ParticipantState claim(final Path file, final ProcessIdentity me, final int wakeMode)
    {
        final int at = offset + STATE_OFFSET;
        long claimingSince = 0;
        while (true)
        {
            final int word = buffer.getIntVolatile(at);
            final ParticipantState recorded = ParticipantState.of(word & STATE_MASK);
            ParticipantState before;
            if (recorded == ParticipantState.CLAIMING)
            {
                // Another process is claiming: wait for it, on the monotonic clock (a wall-clock
                // step must not end the wait at once), then take its claim for dead.
                final long now = System.nanoTime();
                claimingSince = claimingSince == 0 ? now : claimingSince;
                if (now - claimingSince < CLAIM_TIMEOUT_NANOS)
                {
                    Thread.onSpinWait();
                    Thread.yield();
                    continue;
                }
                before = ParticipantState.DEAD;
            }
            else
            {
                claimingSince = 0;
                before = buffer.getLongVolatile(offset + TOKEN_OFFSET) == 0 ? ParticipantState.EMPTY :
                    effectiveState(me);
                if (before.isLive())
                {
                    throw role == null ? new RoleTakenException(file, pid()) : new RoleTakenException(file, role, pid());
                }
            }
            final int next = ((word >>> GENERATION_SHIFT) + 1) & GENERATION_MASK;
            // CAS of the whole word: of two claimers that read the same word, one wins, and the
            // winner starts OUTSIDE.
            if (!buffer.compareAndSetInt(at, word, (next << GENERATION_SHIFT) | ParticipantState.CLAIMING.code()))
            {
                continue; // the slot changed under us: judge it again
            }
            if (finishClaim(next, me, wakeMode))
            {
                return before;
            }
        }
    }

    /**
     * The second half of a claim, after the CAS to (next, CLAIMING) was won: writes the identity and
     * ends the claim with a second CAS, which fails only if somebody took the slot over while we
     * stalled for longer than the claim timeout: we are then not the owner.
     *
     * @param next     the generation won.
     * @param me       this process.
     * @param wakeMode its wake mode.
     * @return true if this view now owns the slot.
     */
    boolean finishClaim(final int next, final ProcessIdentity me, final int wakeMode)
    {
        final long myToken = ProcessIdentity.newToken();
        writeIdentity(me, wakeMode, myToken);
        if (buffer.compareAndSetInt(offset + STATE_OFFSET, (next << GENERATION_SHIFT) | ParticipantState.CLAIMING.code(),
            (next << GENERATION_SHIFT) | ParticipantState.RUNNING.code()))
        {
            generation = next;
            token = myToken;
            return true;
        }
        return false;
    }

    private void writeIdentity(final ProcessIdentity me, final int wakeMode, final long myToken)
    {
        // Release stores: a reader that sees RUNNING (the CAS that follows) sees all of them.
        buffer.putLongRelease(offset + PID_OFFSET, me.pid());
        buffer.putLongRelease(offset + START_TICKS_OFFSET, me.startTicks());
        buffer.putLongRelease(offset + PID_NAMESPACE_OFFSET, me.pidNamespace());
        buffer.putLongRelease(offset + HEARTBEAT_OFFSET, monotonicMillis());
        buffer.putIntRelease(offset + WAKE_MODE_OFFSET, wakeMode);
        buffer.putLongRelease(offset + TOKEN_OFFSET, myToken);
    }

    /**
     * Owner only, from its heartbeat: rewrites the identity if a claimer that stalled past the claim
     * timeout and lost wrote its own over ours after we won.
     *
     * @param me       the owner.
     * @param wakeMode the owner's wake mode.
     */
    public void repairIdentity(final ProcessIdentity me, final int wakeMode)
    {
        if (isOwner() && (buffer.getLongVolatile(offset + TOKEN_OFFSET) != token || pid() != me.pid() ||
            startTicks() != me.startTicks()))
        {
            buffer.putLongRelease(offset + PID_OFFSET, me.pid());
            buffer.putLongRelease(offset + START_TICKS_OFFSET, me.startTicks());
            buffer.putLongRelease(offset + PID_NAMESPACE_OFFSET, me.pidNamespace());
            buffer.putIntRelease(offset + WAKE_MODE_OFFSET, wakeMode);
            buffer.putLongVolatile(offset + TOKEN_OFFSET, token);
        }
    }

    /**
     * @param me the reading process.
     * @return the recorded state, or DEAD if it says RUNNING or PARKED but its process is gone.
     */
    public ParticipantState effectiveState(final ProcessIdentity me)
    {
        final ParticipantState recorded = state();
        if (recorded == null)
        {
            return ParticipantState.DEAD;
        }
        if (!recorded.isLive())
        {
            return recorded; // CLAIMING is judged by the claim's age, by the claimer's rival
        }
        return isAlive(me) ? recorded : ParticipantState.DEAD;
    }

    private boolean isAlive(final ProcessIdentity me)
    {
        if (sameNamespaceAs(me))
        {
            return ProcessIdentity.isAliveHere(pid(), startTicks());
        }
        return heartbeatAgeMillis() < HEARTBEAT_TIMEOUT_MILLIS;
    }

    /**
     * @param me the reading process.
     * @return true if the slot's owner shares {@code me}'s pid namespace, so its pid can be looked
     *         up and signalled; a process judged dead this way is certainly dead, not paused.
     */
    public boolean sameNamespaceAs(final ProcessIdentity me)
    {
        final long ns = buffer.getLongVolatile(offset + PID_NAMESPACE_OFFSET);
        return ns != 0 && ns == me.pidNamespace();
    }

    /**
     * Owner only. One volatile load of the slot's own line, which only this process writes on its
     * hot path: cheap enough to check before every shared store.
     *
     * @return true while this view's claim still holds the slot (no takeover, no fence).
     */
    public boolean isOwner()
    {
        return generation >= 0 && (buffer.getIntVolatile(offset + STATE_OFFSET) >>> GENERATION_SHIFT) == generation;
    }

    /**
     * @return the token of this view's claim, 0 before a claim.
     */
    public long token()
    {
        return token;
    }

    /**
     * @param token a claim token.
     * @return true if the slot is held by that token.
     */
    public boolean ownedBy(final long token)
    {
        return token != 0 && buffer.getLongVolatile(offset + TOKEN_OFFSET) == token;
    }

    /**
     * Takes the role away from a process judged dead, which may only be paused: bumps the generation
     * and marks the slot STOPPED, so that the former owner's next {@link #isOwner()} fails. A CAS
     * from the word the judgement was made on: if the slot changed since, nothing is done.
     *
     * @param judgedWord the STATE word read when the owner was judged dead.
     * @return true if fenced (or the slot had already moved on).
     */
    public boolean fence(final int judgedWord)
    {
        final int next = ((judgedWord >>> GENERATION_SHIFT) + 1) & GENERATION_MASK;
        CrashPoints.store(CrashPoints.RECOVERY);
        return buffer.compareAndSetInt(offset + STATE_OFFSET, judgedWord,
            (next << GENERATION_SHIFT) | ParticipantState.STOPPED.code()) ||
            buffer.getIntVolatile(offset + STATE_OFFSET) != judgedWord;
    }

    /**
     * @return the whole STATE word (generation, activity and state), volatile.
     */
    public int stateWordVolatile()
    {
        return buffer.getIntVolatile(offset + STATE_OFFSET);
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

    public long startTicks()
    {
        return buffer.getLongVolatile(offset + START_TICKS_OFFSET);
    }

    /**
     * @return the last heartbeat, in {@link #monotonicMillis()}.
     */
    public long heartbeatMillis()
    {
        return buffer.getLongVolatile(offset + HEARTBEAT_OFFSET);
    }

    public long heartbeatAgeMillis()
    {
        return monotonicMillis() - heartbeatMillis();
    }

    /**
     * @return milliseconds of the monotonic clock ({@code CLOCK_MONOTONIC}, which every process on
     *         one kernel shares, containers included), immune to wall-clock steps.
     */
    public static long monotonicMillis()
    {
        return System.nanoTime() / 1_000_000L;
    }

    /**
     * @return the recorded state, or null for a code no writer uses.
     */
    public ParticipantState state()
    {
        return ParticipantState.of(buffer.getIntVolatile(offset + STATE_OFFSET) & STATE_MASK);
    }

    /**
     * @return the owner's wake mode code (a wait strategy's code), as it stored it.
     */
    public int wakeMode()
    {
        return buffer.getIntVolatile(offset + WAKE_MODE_OFFSET);
    }

    /**
     * Owner only: a CAS within the owner's generation, so that a takeover or fence is never
     * overwritten. Volatile (a full fence): a releasing peer reads it right after its own full fence
     * to decide whether to send SIGUSR1, and a recovering peer reads it after taking the request.
     *
     * @param state new state.
     * @return false if this process no longer owns the slot (nothing written).
     */
    public boolean state(final ParticipantState state)
    {
        return casWithinGeneration(~STATE_MASK, state.code());
    }

    /**
     * Replaces the bits of the STATE word outside {@code keep} with {@code set}, by CAS within this
     * view's generation.
     *
     * @return false if this process no longer owns the slot (nothing written).
     */
    private boolean casWithinGeneration(final int keep, final int set)
    {
        final int at = offset + STATE_OFFSET;
        while (true)
        {
            final int word = buffer.getIntVolatile(at);
            if ((word >>> GENERATION_SHIFT) != generation || generation < 0)
            {
                return false;
            }
            if (buffer.compareAndSetInt(at, word, (word & keep) | set))
            {
                return true;
            }
        }
    }

    /**
     * @return INSIDE or OUTSIDE, volatile.
     */
    public int activityVolatile()
    {
        return (buffer.getIntVolatile(offset + STATE_OFFSET) & INSIDE_BIT) != 0 ? INSIDE : OUTSIDE;
    }

    /**
     * @param word a STATE word.
     * @return its claim generation.
     */
    public static int generationOf(final int word)
    {
        return word >>> GENERATION_SHIFT;
    }

    /**
     * @param generation a claim generation.
     * @param state      a state.
     * @return the STATE word of that generation and state, OUTSIDE.
     */
    static int word(final int generation, final ParticipantState state)
    {
        return (generation << GENERATION_SHIFT) | state.code();
    }

    /**
     * @param word a STATE word.
     * @return true if it says INSIDE.
     */
    public static boolean inside(final int word)
    {
        return (word & INSIDE_BIT) != 0;
    }

    /**
     * Owner only: marks itself INSIDE by CAS, a full fence, so that the read of the recovery request
     * that must follow cannot be ordered before it (the Dekker pair with a recovering peer, which
     * writes the request and then reads this word).
     *
     * @return false if this process no longer owns the slot.
     */
    public boolean enterVolatile()
    {
        return casWithinGeneration(~INSIDE_BIT, INSIDE_BIT);
    }

    /**
     * Owner only: marks itself OUTSIDE by CAS: every permit it gave back before is visible to a peer
     * that reads OUTSIDE.
     */
    public void leaveOrdered()
    {
        casWithinGeneration(~INSIDE_BIT, 0);
    }

    /**
     * Owner only; a release store, read by peers and {@code ipc stat} without ordering needs.
     *
     * @param nowMillis {@link #monotonicMillis()}.
     */
    public void heartbeat(final long nowMillis)
    {
        buffer.putLongRelease(offset + HEARTBEAT_OFFSET, nowMillis);
    }
}
