package io.mmipc.core.mailbox;

import io.mmipc.core.crash.CrashPoints;
import org.agrona.concurrent.AtomicBuffer;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * The non-blocking core of a mailbox: a bounded MPMC array queue in the file (Vyukov's algorithm,
 * JCTools' {@code MpmcArrayQueue}), one instance per participant and thread. Nothing here waits.
 *
 * <p><b>Truth.</b> Each slot's SEQUENCE word says what the slot is for its position {@code p}:
 * {@code p} free for p's sender, {@code p + 1} published, {@code tombstone(p)} abandoned by a dead
 * sender, {@code p + SLOT_COUNT} freed for the next lap. TAIL and HEAD are the next positions to
 * claim. A participant's entry holds its <em>intents</em>: the range it is claiming or has claimed
 * and not finished. There are no permit counts: how many slots are free or used is
 * {@code TAIL - HEAD}, always recomputable from the file.
 *
 * <p><b>Send</b> ({@link #tryClaim}, {@link #commit}, {@link #publish}):
 * <ol>
 *   <li>t := TAIL; k := how many of the slots of t, t+1, ... (at most n) are free for their
 *       position (SEQUENCE == position); 0 means full. Claiming only free slots means a sender never
 *       waits while it holds a claim.</li>
 *   <li>SEND_INTENT := (t, k) (release store); then CAS TAIL t &rarr; t+k, retried from 1 on
 *       failure. The intent is written <em>before</em> the CAS, so whoever sees TAIL past p also sees
 *       the intent of p's claimer: a claimer is never invisible. A failed CAS leaves a false intent,
 *       which the unblocker tells apart (see {@link MailboxUnblocker}).</li>
 *   <li>write each message (plain stores), then publish each by a CAS of SEQUENCE p &rarr; p+1. A CAS,
 *       not a store: if an unblocker judged this sender dead and wrote a tombstone by CAS, exactly one
 *       of the two wins.</li>
 *   <li>SEND_INTENT := 0; if a receiver is waiting (its bit in RECEIVERS_WAITING), wake it.</li>
 * </ol>
 * <b>Receive</b> ({@link #tryReceive}) is the mirror: h := HEAD; k := how many of h, h+1, ... are
 * published or tombstones; RECV_INTENT := (h, k); CAS HEAD h &rarr; h+k; hand the messages to the
 * handler; {@code handler.beforeRelease()}; free each slot (SEQUENCE := p + SLOT_COUNT);
 * RECV_INTENT := 0 (a full fence); wake a waiting sender.
 *
 * <p><b>Delivery.</b> A message belongs to the receiver whose HEAD CAS covered it: it is handed to
 * that receiver only, once. A receiver killed between its CAS and the end of the batch: for an
 * ordinary receiver the unblocker frees its slots and the messages it had not handled are lost with
 * it (<b>at most once</b>); a durable receiver's successor (same name) gets them again with their
 * positions, so that a sink which records positions delivers each <b>exactly once</b> (see
 * {@link #redeliverAdopted}).
 *
 * <p>Every shared store and CAS is preceded by a {@link CrashPoints#store} of scope SEND or RECEIVE.
 */
public final class MailboxQueue
{
    private final AtomicBuffer buffer;
    private final long mask;
    private final int slots;
    private final int slotSize;
    private final int sendIntentAt;
    private final int recvIntentAt;
    private final long pid;
    private final byte[] senderName;
    private final MailboxWakeups wakeups;
    private long sent;
    private long claimSequence;
    private long claimFirst;
    private int claimCount;

    /**
     * @param buffer      the mapping.
     * @param entryOffset this participant's entry.
     * @param pid         this process's pid, written into every message.
     * @param senderName  {@link MailboxDescriptor#SLOT_SENDER_NAME_LENGTH} bytes.
     * @param wakeups     wakes waiting peers.
     */
    public MailboxQueue(final AtomicBuffer buffer, final int entryOffset, final long pid, final byte[] senderName,
        final MailboxWakeups wakeups)
    {
        this.buffer = buffer;
        this.slots = buffer.getInt(SLOT_COUNT_OFFSET);
        this.slotSize = buffer.getInt(SLOT_SIZE_OFFSET);
        this.mask = slots - 1;
        this.sendIntentAt = entryOffset + SEND_INTENT_OFFSET;
        this.recvIntentAt = entryOffset + RECV_INTENT_OFFSET;
        this.pid = pid;
        this.senderName = senderName;
        this.wakeups = wakeups;
    }

    /**
     * @return the offset of position p's slot.
     */
    public int slotOffset(final long position)
    {
        return HEADER_LENGTH + (int)(position & mask) * slotSize;
    }

    public int maxMessageLength()
    {
        return maxPayload(slotSize);
    }

    /**
     * Claims up to {@code n} consecutive positions whose slots are free, with one CAS of TAIL.
     *
     * @param n wanted, 1..{@link MailboxDescriptor#MAX_BATCH}.
     * @return how many were claimed, 0 if the mailbox is full.
     */
    public int tryClaim(final int n)
    {
        while (true)
        {
            final long tail = buffer.getLongVolatile(TAIL_OFFSET);
            int k = 0;
            while (k < n && buffer.getLongVolatile(slotOffset(tail + k) + SLOT_SEQUENCE_OFFSET) == tail + k)
            {
                k++;
            }
            if (k == 0)
            {
                if (buffer.getLongVolatile(TAIL_OFFSET) == tail)
                {
                    return 0; // the slot of TAIL still holds the previous lap: full
                }
                continue;
            }
            CrashPoints.store(CrashPoints.SEND);
            // Release store: ordered before the CAS below, so a reader that sees TAIL past these
            // positions sees this intent (it reads TAIL, a volatile, first).
            buffer.putLongRelease(sendIntentAt, intent(tail, k));
            CrashPoints.store(CrashPoints.SEND);
            if (buffer.compareAndSetLong(TAIL_OFFSET, tail, tail + k))
            {
                claimFirst = tail;
                claimCount = k;
                claimSequence = sent;
                return k;
            }
        }
    }

    /**
     * @param i index within the current claim.
     * @return where message i's payload goes.
     */
    public int payloadOffset(final int i)
    {
        return slotOffset(claimFirst + i) + SLOT_HEADER_LENGTH;
    }

    /**
     * Writes message i's header (its payload must be in place): plain stores, published by {@link #publish}.
     */
    public void commit(final int i, final int type, final int length)
    {
        final int at = slotOffset(claimFirst + i);
        CrashPoints.store(CrashPoints.SEND);
        buffer.putInt(at + SLOT_LENGTH_OFFSET, length);
        buffer.putInt(at + SLOT_TYPE_OFFSET, type);
        buffer.putLong(at + SLOT_SENDER_PID_OFFSET, pid);
        buffer.putLong(at + SLOT_SENDER_SEQUENCE_OFFSET, claimSequence + i); // per-sender order is position order
        buffer.putBytes(at + SLOT_SENDER_NAME_OFFSET, senderName, 0, SLOT_SENDER_NAME_LENGTH);
    }

    /**
     * Publishes every message of the current claim (each must have been committed) and ends the claim.
     *
     * @return how many were published; fewer only if an unblocker wrote tombstones over them
     *         (it judged this process dead).
     */
    public int publish()
    {
        int published = 0;
        // Last to first: a receiver scanning from the claim's first position sees nothing until the
        // whole burst is out, so it polls one line, not every line the sender is still writing.
        for (int i = claimCount - 1; i >= 0; i--)
        {
            final long p = claimFirst + i;
            CrashPoints.store(CrashPoints.SEND);
            if (buffer.compareAndSetLong(slotOffset(p) + SLOT_SEQUENCE_OFFSET, p, p + 1))
            {
                published++;
            }
        }
        sent += claimCount;
        claimCount = 0;
        CrashPoints.store(CrashPoints.SEND);
        buffer.putLongRelease(sendIntentAt, 0);
        // the CAS above is a full fence: a receiver that set its waiting bit before it is seen here,
        // and one that sets it after sees the published message when it re-checks
        wakeups.afterPublish(CrashPoints.SEND);
        return published;
    }

    /**
     * Gives up the current claim, if any (a sender closing between claim and publish): its positions
     * become tombstones, as if this sender had died, so that receivers move on at once.
     */
    public void abandonClaim()
    {
        for (int i = 0; i < claimCount; i++)
        {
            final long p = claimFirst + i;
            CrashPoints.store(CrashPoints.SEND);
            buffer.compareAndSetLong(slotOffset(p) + SLOT_SEQUENCE_OFFSET, p, tombstone(p));
        }
        if (claimCount > 0)
        {
            claimCount = 0;
            CrashPoints.store(CrashPoints.SEND);
            buffer.putLongRelease(sendIntentAt, 0);
            wakeups.afterPublish(CrashPoints.SEND);
        }
    }

    /**
     * @return the number of messages sent so far by this instance.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Receives up to {@code limit} messages, with one CAS of HEAD. Tombstones are skipped.
     *
     * @return positions taken (messages and tombstones), at least one of them a message; 0 if none was ready.
     */
    public int tryReceive(final MessageHandler handler, final int limit)
    {
        final int n = Math.min(limit, MAX_BATCH);
        while (true)
        {
            final long head = buffer.getLongVolatile(HEAD_OFFSET);
            int k = 0;
            while (k < n && ready(buffer.getLongVolatile(slotOffset(head + k) + SLOT_SEQUENCE_OFFSET), head + k))
            {
                k++;
            }
            if (k == 0)
            {
                return 0;
            }
            CrashPoints.store(CrashPoints.RECEIVE);
            buffer.putLongRelease(recvIntentAt, intent(head, k));
            CrashPoints.store(CrashPoints.RECEIVE);
            if (buffer.compareAndSetLong(HEAD_OFFSET, head, head + k) && consume(handler, head, k) > 0)
            {
                return k; // (a claim of tombstones only: go on to the next positions)
            }
        }
    }

    /**
     * A durable receiver that adopted its dead predecessor's entry: hands over the messages of the
     * predecessor's last claim that it had not freed yet, with their positions (the predecessor may
     * have handled some of them: a sink that records positions skips those).
     *
     * @return messages handed over.
     */
    public int redeliverAdopted(final MessageHandler handler)
    {
        final long claim = buffer.getLongVolatile(recvIntentAt);
        if (claim == 0)
        {
            return 0;
        }
        final long first = intentFirst(claim);
        final int count = intentCount(claim);
        if (buffer.getLongVolatile(HEAD_OFFSET) < first + count)
        {
            CrashPoints.store(CrashPoints.RECEIVE);
            buffer.putLongVolatile(recvIntentAt, 0); // its CAS failed: it held nothing
            return 0;
        }
        return consume(handler, first, count);
    }

    private static boolean ready(final long sequence, final long position)
    {
        return sequence == position + 1 || sequence == tombstone(position);
    }

    private int consume(final MessageHandler handler, final long first, final int count)
    {
        int handled = 0;
        try
        {
            for (int i = 0; i < count; i++)
            {
                final long p = first + i;
                final int at = slotOffset(p);
                // acquire: pairs with the sender's publishing CAS (re-read: an adopted claim may hold freed slots)
                if (buffer.getLongVolatile(at + SLOT_SEQUENCE_OFFSET) == p + 1)
                {
                    handler.onMessage(buffer.getInt(at + SLOT_TYPE_OFFSET), buffer.getLong(at + SLOT_SENDER_PID_OFFSET),
                        buffer.getLong(at + SLOT_SENDER_SEQUENCE_OFFSET), buffer, at + SLOT_HEADER_LENGTH,
                        checkedLength(buffer.getInt(at + SLOT_LENGTH_OFFSET), p), p);
                    handled++;
                }
            }
            handler.beforeRelease();
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                final long p = first + i;
                final int at = slotOffset(p) + SLOT_SEQUENCE_OFFSET;
                if (ready(buffer.getLongVolatile(at), p))
                {
                    CrashPoints.store(CrashPoints.RECEIVE);
                    // release: our reads of the slot happen-before the next sender's writes
                    buffer.putLongRelease(at, p + slots);
                }
            }
            CrashPoints.store(CrashPoints.RECEIVE);
            // volatile (a full fence): the frees above are visible before we read SENDERS_WAITING
            buffer.putLongVolatile(recvIntentAt, 0);
            wakeups.afterFree(CrashPoints.RECEIVE);
        }
        return handled;
    }

    private int checkedLength(final int length, final long position)
    {
        if (length < 0 || length > maxMessageLength())
        {
            throw new IllegalStateException("the slot of position " + position + " holds a message of length " +
                length + "; the mailbox is corrupt: destroy and recreate it");
        }
        return length;
    }

    /**
     * @param buffer        the mapping.
     * @param payloadOffset a message's payload offset, as given to a {@link MessageHandler}.
     * @return the sender's name, "" for none.
     */
    public static String senderName(final org.agrona.DirectBuffer buffer, final int payloadOffset)
    {
        final byte[] n = new byte[SLOT_SENDER_NAME_LENGTH];
        buffer.getBytes(payloadOffset - SLOT_HEADER_LENGTH + SLOT_SENDER_NAME_OFFSET, n);
        return ParticipantTable.text(n);
    }
}
