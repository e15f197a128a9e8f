package io.mmipc.core.channel;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.jfr.RecoveryEvent;
import io.mmipc.core.jfr.TakeoverEvent;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.ChannelCorruptedException;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.locks.LockSupport;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.*;

/**
 * Recovery after a participant died: the positions are the truth, the semaphores are recomputed
 * from them, so permits a dead process held (the producer's local reserve of FREE, USED permits a
 * consumer had drained, releases it never made) are never lost. Stateless: every method works from
 * what is in the file.
 *
 * <p><b>The invariant.</b> At every instant {@code FREE + producer reserve + (tail - head) <=
 * capacity}, where tail is the producer's own (possibly unpublished) tail: the producer writes only
 * into bytes it holds FREE permits for, and the consumer gives bytes back to FREE only after it has
 * read them and published the head. Recovery restores equality, which a crash can only have broken
 * downwards (permits lost, never invented).
 *
 * <p><b>What is recomputed.</b> Between the published head and tail every record is committed
 * (the producer publishes the tail only after the commits it covers), so:
 * <ul>
 *   <li>USED = the number of records (padding included) in [head, tail);</li>
 *   <li>FREE = capacity - (tail - head);</li>
 *   <li>the producer's next sequence = the last DATA sequence in the ring + 1, or, with an empty
 *       ring, the larger of the two published next sequences;</li>
 *   <li>the consumer's next sequence = the first DATA sequence in the ring, or the producer's;</li>
 *   <li>the parked-waiter count of each semaphore whose only waiter (a role) is not live.</li>
 * </ul>
 * Anything beyond the tail (a torn record whose writer died mid-write, or committed records the
 * producer had not yet published) is discarded: its USED permits were never released, so no
 * consumer can have seen it, and a generating producer writes it again from the next sequence.
 * A record between head and tail that is not a valid committed record is corruption.
 *
 * <p><b>The algorithm</b>, run by a process that has just claimed its role and found its
 * predecessor or its peer dead (it holds nothing and is OUTSIDE):
 * <ol>
 *   <li>Take the request word with a CAS of its claim token (a full fence). If a live process holds
 *       it, that process is recovering: wait OUTSIDE until it clears it, and stop, since that
 *       recovery recomputed everything. A request left by a dead process is cleared and taken.</li>
 *   <li>Wait until the peer cannot be moving permits: it is not live (dead, stopped, empty, or a
 *       claimer, which must {@code enter()} and so will see the request), or it is OUTSIDE, or it is
 *       PARKED (a parked side holds nothing and, woken, reads the request before it touches a
 *       permit). A live peer reaches OUTSIDE at its next safe point, within one batch; one that is
 *       blocked on its source or sink is OUTSIDE already, so it is never waited for. A peer judged
 *       dead by an old heartbeat alone (another pid namespace), which may be merely paused, is
 *       fenced first: its generation is bumped, so that if it resumes its next owner check stops it.</li>
 *   <li>Recompute, with absolute stores: nobody else moves permits now.</li>
 *   <li>Clear the request.</li>
 * </ol>
 * A recovering process that dies at any step leaves the request with a dead token: the next process
 * to look clears it and, finding a dead participant, recovers again. Recovery is idempotent.
 */
public final class ChannelRecovery
{
    /** After this long waiting for a live peer, say so once on stderr (it is busy inside the ring). */
    static final long NOTICE_AFTER_NANOS = 1_000_000_000L;

    private ChannelRecovery()
    {
    }

    /**
     * Recovers the channel after this process claimed its role and found its predecessor or its
     * peer dead.
     *
     * @param file the channel.
     * @param me   this process.
     * @param self this process's slot, as claimed (its token names the request).
     * @param peer the other role's slot.
     * @param stop ends the wait early.
     * @return a one-line account of what changed, or null if a stop was requested first (the
     *         channel is then left for the next process to recover).
     */
    public static String recover(final ChannelFile file, final ProcessIdentity me, final ParticipantSlot self,
        final ParticipantSlot peer, final StopFlag stop)
    {
        final UnsafeBuffer buffer = file.buffer();
        while (true)
        {
            final long other = buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET);
            if (other == 0)
            {
                CrashPoints.store(CrashPoints.RECOVERY);
                if (buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, 0, self.token()))
                {
                    break; // ours; a full fence before the peer's state is read below
                }
                continue; // another process took it first: look again
            }
            if (!requesterAlive(buffer, me, other, self, peer))
            {
                CrashPoints.store(CrashPoints.RECOVERY);
                buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, other, 0); // left by a process that died
                continue;
            }
            // Another live process is recovering: we are OUTSIDE and hold nothing; wait for it.
            while (buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET) == other && requesterAlive(buffer, me, other, self, peer))
            {
                if (stop.requested())
                {
                    return null;
                }
                // (PIT: without this park, or with the loop's test negated, the outer loop retries at
                // once: the same outcome, more CPU; equivalent for any test.)
                LockSupport.parkNanos(100_000);
            }
            if (buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET) == other)
            {
                continue; // it died midway: clear its request and recover ourselves
            }
            return "recovered by the " + peerLabel(peer) + " (pid " + peer.pid() + ")";
        }
        final RecoveryEvent event = new RecoveryEvent();
        event.begin();
        try
        {
            if (!awaitPeerOutside(file, me, peer, stop))
            {
                return null;
            }
            final String account = recompute(file, !peer.effectiveState(me).isLive() ? null : peer.role());
            if (event.shouldCommit())
            {
                event.channel = file.path().toString();
                event.role = self.role() == null ? "" : self.role().label();
                event.account = account;
                event.commit();
            }
            // A peer parked while we recomputed holds nothing, but waits for permits that may be
            // there now: wake it, or it sleeps until the next release (found by the SPIN model).
            final Waker waker = new Waker(peer, me);
            waker.wake(new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE"));
            waker.wake(new CountingSemaphore(buffer, USED_SEMAPHORE_OFFSET, "USED"));
            return account;
        }
        finally
        {
            CrashPoints.store(CrashPoints.RECOVERY);
            buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, self.token(), 0);
        }
    }

    private static boolean awaitPeerOutside(final ChannelFile file, final ProcessIdentity me,
        final ParticipantSlot peer, final StopFlag stop)
    {
        final long start = System.nanoTime();
        boolean noticed = false;
        while (true)
        {
            final int word = peer.stateWordVolatile();
            final ParticipantState state = peer.effectiveState(me);
            if (!state.isLive())
            {
                final ParticipantState recorded = peer.state();
                if (recorded != null && recorded.isLive() && !peer.sameNamespaceAs(me))
                {
                    // judged dead by its heartbeat alone: it may only be paused; fence it
                    peer.fence(word);
                    final TakeoverEvent fenced = new TakeoverEvent();
                    if (fenced.shouldCommit())
                    {
                        fenced.channel = file.path().toString();
                        fenced.role = peerLabel(peer);
                        fenced.previousPid = peer.pid();
                        fenced.fenced = true;
                        fenced.commit();
                    }
                }
                return true;
            }
            if (peer.activityVolatile() == ParticipantSlot.OUTSIDE || state == ParticipantState.PARKED)
            {
                return true;
            }
            if (stop.requested())
            {
                return false;
            }
            if (!noticed && System.nanoTime() - start > NOTICE_AFTER_NANOS)
            {
                noticed = true;
                System.err.println("mmipc: " + file.path() + ": waiting for the live " + peerLabel(peer) + " (pid " +
                    peer.pid() + ") to finish the records it holds before recomputing the semaphores");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static String peerLabel(final ParticipantSlot peer)
    {
        return peer.role() == null ? "peer" : peer.role().label();
    }

    /**
     * @param buffer the mapping.
     * @param me     the reading process.
     * @param token  a request token.
     * @param slots  the slots that may hold it.
     * @return true if the slot whose claim token this is belongs to a live process.
     */
    static boolean requesterAlive(final org.agrona.concurrent.AtomicBuffer buffer, final ProcessIdentity me, final long token,
        final ParticipantSlot... slots)
    {
        for (final ParticipantSlot slot : slots)
        {
            if (slot.ownedBy(token))
            {
                return slot.effectiveState(me).isLive();
            }
        }
        return false;
    }

    /**
     * Recomputes both semaphores and the next sequences from the positions. Only call while no
     * other process moves permits (see the class comment).
     *
     * @param file     the channel.
     * @param liveRole the role of a live peer, whose semaphore's parked-waiter count is its own and
     *                 left alone (the producer waits on FREE, the consumer on USED); null if none.
     * @return a one-line account of what changed.
     * @throws ChannelCorruptedException if [head, tail) does not hold valid committed records.
     */
    public static String recompute(final ChannelFile file, final Role liveRole)
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
            final int length = buffer.getIntVolatile(at + LENGTH_OFFSET); // (LENGTH_OFFSET is 0: PIT's "+ to -" is equivalent)
            final int type = buffer.getInt(at + TYPE_OFFSET);
            final int size;
            if (type == PADDING && length == toEnd)
            {
                size = length;
            }
            else if ((kind(type) == DATA || type == END_OF_STREAM || type == ABORTED) && length >= RECORD_HEADER_LENGTH &&
                length - RECORD_HEADER_LENGTH <= maxRecordLength && aligned(length) <= toEnd)
            {
                size = aligned(length);
                if (kind(type) == DATA)
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
        CrashPoints.store(CrashPoints.RECOVERY);
        free.reset(freeAfter);
        CrashPoints.store(CrashPoints.RECOVERY);
        used.reset(records);
        if (liveRole != Role.PRODUCER)
        {
            free.clearWaiters(); // only a producer waits on FREE, and none is live
        }
        if (liveRole != Role.CONSUMER)
        {
            used.clearWaiters(); // only a consumer waits on USED, and none is live
        }

        final long producerNext = lastData >= 0 ? lastData + 1 :
            Math.max(buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET), buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
        final long consumerNext = firstData >= 0 ? firstData : producerNext;
        CrashPoints.store(CrashPoints.RECOVERY);
        buffer.putLongVolatile(NEXT_SEQUENCE_OFFSET, producerNext);
        CrashPoints.store(CrashPoints.RECOVERY);
        buffer.putLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET, consumerNext);
        if (lastType == RecordLayout.END_OF_STREAM)
        {
            file.setFlags(FLAG_END_OF_STREAM);
        }
        return "recovered " + file.path() + ": FREE " + freeBefore + " -> " + freeAfter + ", USED " + usedBefore +
            " -> " + records + ", head " + head + ", tail " + tail + ", next sequence " + producerNext;
    }
}
