package io.mmipc.core.channel;

import io.mmipc.core.file.ChannelCorruptedException;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.locks.LockSupport;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.*;

/**
 * Recovery after a participant died: the positions are the truth, the semaphores are recomputed
 * from them, so permits a dead process held (the producer's local reserve of FREE, USED permits a
 * consumer had drained, releases it never made) are never lost.
 *
 * <p><b>What is recomputed.</b> Between the published head and tail every record is committed
 * (the producer publishes the tail only after the commits it covers), so:
 * <ul>
 *   <li>USED = the number of records (padding included) in [head, tail);</li>
 *   <li>FREE = capacity - (tail - head);</li>
 *   <li>the producer's next sequence = the last DATA sequence in the ring + 1, or, with an empty
 *       ring, the larger of the two published next sequences;</li>
 *   <li>the consumer's next sequence = the first DATA sequence in the ring, or the producer's;</li>
 *   <li>the parked-waiter counts = 0.</li>
 * </ul>
 * Anything beyond the tail (a torn record whose writer died mid-write, or committed records the
 * producer had not yet published) is discarded: its USED permits were never released, so no
 * consumer can have seen it, and a generating producer writes it again from the next sequence.
 * A record between head and tail that is not a valid committed record is corruption.
 *
 * <p><b>Pausing the live peer.</b> The peer may be running while this happens. The recovering
 * process takes RECOVERY_REQUEST with a CAS of its token; the peer notices at its next safe point (the
 * consumer between batches, the producer after a flush or while waiting for space, in both cases
 * holding no permits privately: the producer gives its reserve back first), writes the token to
 * RECOVERY_ACK and waits until the request is cleared. The recovering process recomputes only once
 * acknowledged, or once the peer is seen dead, stopped or absent. A peer that sees its requester die
 * clears the request itself and carries on; the next process to take the slot recovers again.
 * Recovery is idempotent.
 */
public final class ChannelRecovery
{
    /** How long a recovering process waits for a live peer to pause. */
    public static final long PAUSE_TIMEOUT_NANOS = 60_000_000_000L;

    private ChannelRecovery()
    {
    }

    /**
     * Recovers the channel after this process took over a dead participant's slot, or found its
     * peer dead.
     *
     * <p>Only one recovery runs at a time: the request word is taken by CAS. A process that finds
     * another live process's recovery under way pauses for it like any live peer (it holds nothing
     * privately yet) and then has nothing left to do: that recovery recomputed everything from the
     * positions. A request left by a process that died is cleared and taken.
     *
     * @param file the channel.
     * @param me   this process, holding {@code role}'s slot.
     * @param role the role this process holds; the other role is the peer that must pause.
     * @param stop ends the wait early.
     * @return a one-line account of what changed, or null if a stop was requested first (the
     *         channel is then left for the next process to recover).
     * @throws RecoveryTimeoutException if a live peer did not pause within {@link #PAUSE_TIMEOUT_NANOS}.
     */
    public static String recover(final ChannelFile file, final ProcessIdentity me, final Role role, final StopFlag stop)
    {
        final UnsafeBuffer buffer = file.buffer();
        final ParticipantSlot peer = new ParticipantSlot(buffer, role.peer());
        final long deadline = System.nanoTime() + PAUSE_TIMEOUT_NANOS;
        while (true)
        {
            final long other = buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET);
            if (other == 0)
            {
                if (buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, 0, me.token()))
                {
                    break;
                }
                continue;
            }
            if (!requesterAlive(buffer, me, other))
            {
                buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, other, 0); // left by a process that died
                continue;
            }
            // Another live process is recovering and waits for us, its peer, to pause: we do.
            pauseIfRequested(file, me, role, stop);
            return stop.requested() ? null : "recovered by the " + role.peer().label() + " (pid " + peer.pid() + ")";
        }
        try
        {
            // The CAS above is a full fence before this read of the peer's state; the peer writes its
            // state before it reads the request: one of the two always sees the other.
            while (buffer.getLongVolatile(RECOVERY_ACK_OFFSET) != me.token())
            {
                final ParticipantState state = peer.effectiveState(me);
                if (state != ParticipantState.RUNNING && state != ParticipantState.PARKED)
                {
                    break;
                }
                if (stop.requested())
                {
                    return null;
                }
                if (System.nanoTime() - deadline > 0)
                {
                    throw new RecoveryTimeoutException(file.path(), role.peer(), peer.pid(),
                        PAUSE_TIMEOUT_NANOS / 1_000_000_000L);
                }
                LockSupport.parkNanos(1_000_000);
            }
            return recompute(file);
        }
        finally
        {
            buffer.putLongVolatile(RECOVERY_ACK_OFFSET, 0);
            buffer.putLongVolatile(RECOVERY_REQUEST_OFFSET, 0);
        }
    }

    private static boolean requesterAlive(final UnsafeBuffer buffer, final ProcessIdentity me, final long token)
    {
        for (final Role r : Role.values())
        {
            final ParticipantSlot slot = new ParticipantSlot(buffer, r);
            if (slot.ownedBy(token))
            {
                final ParticipantState state = slot.effectiveState(me);
                return state == ParticipantState.RUNNING || state == ParticipantState.PARKED;
            }
        }
        return false;
    }

    /**
     * Called by a live participant at a safe point: if a recovery is requested, acknowledges it
     * and waits until it is done. Costs one volatile read of a read-mostly line when there is none.
     *
     * @param file the channel.
     * @param me   this process.
     * @param role this process's role; the requester holds the other one.
     * @param stop ends the pause early (the caller must then touch no semaphore before closing).
     * @return true if it paused.
     */
    public static boolean pauseIfRequested(final ChannelFile file, final ProcessIdentity me, final Role role,
        final StopFlag stop)
    {
        final UnsafeBuffer buffer = file.buffer();
        final long request = buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET);
        if (request == 0)
        {
            return false;
        }
        final ParticipantSlot requester = new ParticipantSlot(buffer, role.peer());
        buffer.putLongVolatile(RECOVERY_ACK_OFFSET, request);
        while (buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET) == request && !stop.requested())
        {
            final ParticipantState state = requester.effectiveState(me);
            if (!requester.ownedBy(request) || state == ParticipantState.DEAD || state == ParticipantState.STOPPED)
            {
                // the requester died or left mid-recovery: nobody else will clear it
                buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, request, 0);
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /**
     * Recomputes both semaphores and the next sequences from the positions. Only call while no
     * other process moves permits (see the class comment).
     *
     * @param file the channel.
     * @return a one-line account of what changed.
     * @throws ChannelCorruptedException if [head, tail) does not hold valid committed records.
     */
    public static String recompute(final ChannelFile file)
    {
        file.validatePositions();
        final UnsafeBuffer buffer = file.buffer();
        final int capacity = file.capacity();
        final int mask = capacity - 1;
        final int maxRecordLength = file.maxRecordLength();
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        final long tail = buffer.getLongVolatile(TAIL_OFFSET);

        long records = 0;
        long firstData = -1;
        long lastData = -1;
        int lastType = 0;
        long position = head;
        while (position < tail)
        {
            final int index = (int)position & mask;
            final int at = HEADER_LENGTH + index;
            final int toEnd = capacity - index;
            final int length = buffer.getIntVolatile(at + LENGTH_OFFSET);
            final int type = buffer.getInt(at + TYPE_OFFSET);
            final int size;
            if (type == PADDING && length == toEnd)
            {
                size = length;
            }
            else if ((type == DATA || type == END_OF_STREAM) && length >= RECORD_HEADER_LENGTH &&
                length - RECORD_HEADER_LENGTH <= maxRecordLength && aligned(length) <= toEnd)
            {
                size = aligned(length);
                if (type == DATA)
                {
                    final long sequence = buffer.getLong(at + SEQUENCE_OFFSET);
                    if (firstData < 0)
                    {
                        firstData = sequence;
                    }
                    lastData = sequence;
                }
            }
            else
            {
                throw new ChannelCorruptedException(file.path(), "recovery found no valid committed record at ring offset " +
                    index + " between head " + head + " and tail " + tail + " (" + typeName(type) + ", length " +
                    length + ")");
            }
            if (position + size > tail)
            {
                throw new ChannelCorruptedException(file.path(), "the record at ring offset " + index +
                    " runs past the tail " + tail);
            }
            lastType = type;
            position += size;
            records++;
        }

        final CountingSemaphore free = new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE");
        final CountingSemaphore used = new CountingSemaphore(buffer, USED_SEMAPHORE_OFFSET, "USED");
        final long freeBefore = free.available();
        final long usedBefore = used.available();
        final long freeAfter = capacity - (tail - head);
        free.reset(freeAfter);
        used.reset(records);
        free.clearWaiters();
        used.clearWaiters();

        final long producerNext = lastData >= 0 ? lastData + 1 :
            Math.max(buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET), buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        final long consumerNext = firstData >= 0 ? firstData : producerNext;
        buffer.putLongVolatile(NEXT_SEQUENCE_OFFSET, producerNext);
        buffer.putLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET, consumerNext);
        if (lastType == RecordLayout.END_OF_STREAM)
        {
            file.setFlags(FLAG_END_OF_STREAM);
        }
        return "recovered " + file.path() + ": FREE " + freeBefore + " -> " + freeAfter + ", USED " + usedBefore +
            " -> " + records + ", head " + head + ", tail " + tail + ", next sequence " + producerNext;
    }
}
