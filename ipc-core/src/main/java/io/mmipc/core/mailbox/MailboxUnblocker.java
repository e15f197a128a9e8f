package io.mmipc.core.mailbox;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.liveness.ProcessIdentity;
import org.agrona.concurrent.AtomicBuffer;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * Finishes what dead participants left unfinished (model: Aeron's {@code TermUnblocker}): stateless,
 * any participant may run it at any time, any number at once, and it may itself be killed at any
 * store (each is a CAS from the value it observed, so a rerun completes the work and two runs never
 * both act). Time plays no part in it: only liveness, decided by {@link ParticipantTable#isLive}.
 *
 * <p>For each entry {@code d} that holds something (an intent or a waiting bit):
 * <ol>
 *   <li>read d's SEND_INTENT S and RECV_INTENT R, <em>then</em> judge d's liveness; skip d if live.
 *       (In this order: if d was taken over by a new owner whose intent we read, the new owner was
 *       RUNNING before it wrote it, so d is judged live. An entry is taken over only after its
 *       intents were cleared, and a new intent never equals an old one, positions only grow.)</li>
 *   <li>read TAIL and HEAD, <em>then</em> the intents of every live entry (the live covers). A claimer
 *       writes its intent before its CAS moves TAIL (HEAD) past a position, so the claimer of any
 *       position below the TAIL (HEAD) read here shows in the covers if it is live.</li>
 *   <li>S = (f, k): if TAIL &lt; f + k, d's CAS never succeeded (TAIL would be at least f + k): S
 *       claimed nothing. Otherwise each p in [f, f+k) whose SEQUENCE is still p and that no live
 *       sender covers was claimed by a dead sender (d or another dead one: the claimer of p covers
 *       p and is not live): CAS SEQUENCE p &rarr; tombstone(p). The CAS fails only if p got published
 *       after all, so exactly one of "message" and "tombstone" ends in the slot. Then CAS S &rarr; 0.</li>
 *   <li>R = (f, k), unless d is a durable receiver (its successor of the same name redelivers, see
 *       {@link MailboxQueue#redeliverAdopted}): if HEAD &lt; f + k, R claimed nothing. Otherwise each
 *       p in [f, f+k) still published or tombstoned (not freed) that no live receiver covers: CAS
 *       SEQUENCE to p + SLOT_COUNT, freeing the slot. The message is not delivered again: a
 *       receiver killed mid-receive gives at most once. Then CAS R &rarr; 0.</li>
 *   <li>clear d's bits in the waiting masks (a dead process waits for nothing).</li>
 *   <li>if anything was tombstoned or freed, wake waiting receivers or senders.</li>
 * </ol>
 * Limit: liveness is assumed right. A process in another pid namespace is judged by its heartbeat;
 * one paused longer than the heartbeat timeout and then resumed could find its claim tombstoned
 * (its publish then reports the loss) or its freed slot reused.
 */
public final class MailboxUnblocker
{
    private MailboxUnblocker()
    {
    }

    /**
     * Resolves every non-live entry that holds something.
     *
     * @return positions tombstoned or freed.
     */
    public static int unblockAll(final AtomicBuffer buffer, final ParticipantTable table, final ProcessIdentity me,
        final MailboxWakeups wakeups)
    {
        int done = 0;
        for (int d = 0; d < MAX_PARTICIPANTS; d++)
        {
            if (table.holdsSomething(d))
            {
                done += resolve(buffer, table, me, d, false, false);
            }
        }
        wakeAfter(done, wakeups);
        return done;
    }

    /**
     * Resolves entry {@code self} that this process just adopted from a dead owner of its name, as if
     * it were still dead.
     *
     * @param keepReceives true for a durable receiver, which redelivers its predecessor's claim itself.
     */
    public static int resolveAdopted(final AtomicBuffer buffer, final ParticipantTable table, final ProcessIdentity me,
        final MailboxWakeups wakeups, final int self, final boolean keepReceives)
    {
        final int done = resolve(buffer, table, me, self, true, keepReceives);
        wakeAfter(done, wakeups);
        return done;
    }

    private static void wakeAfter(final int done, final MailboxWakeups wakeups)
    {
        if (done > 0)
        {
            wakeups.afterPublish(CrashPoints.REPAIR);
            wakeups.afterFree(CrashPoints.REPAIR);
        }
    }

    private static int resolve(final AtomicBuffer buffer, final ParticipantTable table, final ProcessIdentity me,
        final int d, final boolean adopted, final boolean keepReceives)
    {
        final int entry = entryOffset(d);
        final long send = buffer.getLongVolatile(entry + SEND_INTENT_OFFSET);
        final long recv = buffer.getLongVolatile(entry + RECV_INTENT_OFFSET);
        final boolean durable = (table.roles(d) & ROLE_DURABLE) != 0;
        if (!adopted && table.isLive(d, me))
        {
            return 0; // step 1
        }
        final long tail = buffer.getLongVolatile(TAIL_OFFSET); // step 2
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        final long[] liveSend = new long[MAX_PARTICIPANTS];
        final long[] liveRecv = new long[MAX_PARTICIPANTS];
        for (int j = 0; j < MAX_PARTICIPANTS; j++)
        {
            if (j != d)
            {
                final int at = entryOffset(j);
                liveSend[j] = buffer.getLongVolatile(at + SEND_INTENT_OFFSET);
                liveRecv[j] = buffer.getLongVolatile(at + RECV_INTENT_OFFSET);
                if ((liveSend[j] != 0 || liveRecv[j] != 0) && !table.isLive(j, me))
                {
                    liveSend[j] = 0;
                    liveRecv[j] = 0;
                }
            }
        }
        final int slots = buffer.getInt(SLOT_COUNT_OFFSET);
        final int slotSize = buffer.getInt(SLOT_SIZE_OFFSET);
        int done = 0;
        if (send != 0) // step 3
        {
            final long f = intentFirst(send);
            final int k = intentCount(send);
            for (long p = f; tail >= f + k && p < f + k; p++)
            {
                final int at = sequenceAt(p, slots, slotSize);
                if (buffer.getLongVolatile(at) == p && !covered(liveSend, p))
                {
                    CrashPoints.store(CrashPoints.REPAIR);
                    done += buffer.compareAndSetLong(at, p, tombstone(p)) ? 1 : 0;
                }
            }
            CrashPoints.store(CrashPoints.REPAIR);
            buffer.compareAndSetLong(entry + SEND_INTENT_OFFSET, send, 0);
        }
        if (recv != 0 && !(durable && (!adopted || keepReceives))) // step 4
        {
            final long f = intentFirst(recv);
            final int k = intentCount(recv);
            for (long p = f; head >= f + k && p < f + k; p++)
            {
                final int at = sequenceAt(p, slots, slotSize);
                final long sequence = buffer.getLongVolatile(at);
                if ((sequence == p + 1 || sequence == tombstone(p)) && !covered(liveRecv, p))
                {
                    CrashPoints.store(CrashPoints.REPAIR);
                    done += buffer.compareAndSetLong(at, sequence, p + slots) ? 1 : 0;
                }
            }
            CrashPoints.store(CrashPoints.REPAIR);
            buffer.compareAndSetLong(entry + RECV_INTENT_OFFSET, recv, 0);
        }
        clearBit(buffer, SENDERS_WAITING_OFFSET, d); // step 5
        clearBit(buffer, RECEIVERS_WAITING_OFFSET, d);
        return done;
    }

    private static boolean covered(final long[] intents, final long position)
    {
        for (final long intent : intents)
        {
            if (covers(intent, position))
            {
                return true;
            }
        }
        return false;
    }

    private static int sequenceAt(final long position, final int slots, final int slotSize)
    {
        return HEADER_LENGTH + (int)(position & (slots - 1)) * slotSize + SLOT_SEQUENCE_OFFSET;
    }

    private static void clearBit(final AtomicBuffer buffer, final int at, final int index)
    {
        final long bit = 1L << index;
        long mask;
        while (((mask = buffer.getLongVolatile(at)) & bit) != 0)
        {
            CrashPoints.store(CrashPoints.REPAIR);
            if (buffer.compareAndSetLong(at, mask, mask & ~bit))
            {
                return;
            }
        }
    }
}
