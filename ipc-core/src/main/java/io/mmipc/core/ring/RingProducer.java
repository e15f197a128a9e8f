package io.mmipc.core.ring;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.jfr.BackPressureEvent;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.RecordTooLargeException;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.*;

/**
 * The producer's side of the ring: claim, write, commit; single-threaded.
 *
 * <p><b>Protocol.</b> Before writing a record the producer holds FREE permits for its aligned size
 * (plus the padding to the end of the ring when it does not fit before the end). It writes the
 * record with a negative length, then release-stores the positive length: the commit. After a
 * batch it publishes the tail and next sequence (release stores) and releases one USED permit per
 * record, padding included, with one CAS.
 *
 * <p><b>Batching.</b> FREE permits are taken with {@link CountingSemaphore#drain()} into a local
 * reserve, one CAS for many records; USED permits are released every {@code batchRecords} records,
 * when a quarter of the working window is pending, before any wait, and on {@link #flush()}. So neither
 * semaphore's line is written per record. A caller whose source may block (stdin) must call
 * {@link #flush()} before blocking, or the consumer waits for records that are already written.
 *
 * <p><b>Window.</b> In a ring larger than the {@link RingWindow}, the producer takes free space only
 * as far as keeps its lead over the consumer within the window (FREE drained down to
 * {@code capacity - window}), so that the stream stays in the cache; a window ahead it spins up to
 * {@link #WINDOW_PATIENCE_NANOS} for the consumer to give space back, and if none comes (the
 * consumer is off the CPU) it takes all the free space, as a producer without a window does, until
 * the consumer is back within half a window. A policy of this side alone: the file, the permits and
 * recovery are as without it.
 *
 * <p><b>Recovery.</b> Only the published tail counts: records written after it by a producer that
 * died are discarded, which is safe because their USED permits were never released. The producer
 * keeps out of a recovery's way through its {@link SafePoint}: it enters before its first shared
 * store, steps outside at every flush if a recovery asks (giving its reserve back first), waits for
 * space holding no reserve, and {@link #leave()}s before its caller blocks on a source, so that a
 * recovery never waits for a producer that is not inside the ring. Before every record and every
 * publication it checks that it still owns its role ({@link SafePoint#checkOwner()}), so a producer
 * paused past the heartbeat timeout and replaced stops before it writes again.
 */
public final class RingProducer
{
    /** Default records per USED release. */
    public static final int DEFAULT_BATCH = 256;
    /**
     * How long the producer, a window ahead, waits for the consumer to give space back before it
     * takes the consumer for stalled and goes on into the rest of the ring. A consumer that runs
     * gives space back every {@link RingWindow#releaseEvery} bytes, tens of microseconds apart.
     */
    static final long WINDOW_PATIENCE_NANOS = 200_000;
    private static final int FILE_HEADER = io.mmipc.core.file.ChannelDescriptor.HEADER_LENGTH;

    private final ChannelFile file;
    private final UnsafeBuffer buffer;
    private final long address;
    private final CountingSemaphore free;
    private final CountingSemaphore used;
    private final Waiter waiter;
    private final Waker waker;
    private final SafePoint safePoint;
    private final int capacity;
    private final int mask;
    private final int maxRecordLength;
    private final int countersOffset;
    private final int batchRecords;
    private final long batchBytes;
    private final int window;
    private final long keepFree;

    private long tail;
    private long nextSequence;
    private long reserve;
    private int pendingRecords;
    private long pendingBytes;
    private long records;
    private long payloadBytes;
    private long fullWaits;
    private boolean inside;
    private boolean elastic;

    private int claimedAt = -1;
    private int claimedLength;
    private int claimedType;

    /**
     * @param file           the channel, whose producer slot this process holds.
     * @param waiter         how to wait for FREE permits.
     * @param waker          wakes a consumer parked on USED.
     * @param safePoint      the recovery handshake and owner check.
     * @param countersOffset where this side's counters block is.
     * @param batchRecords   records per USED release, at least 1.
     */
    public RingProducer(final ChannelFile file, final Waiter waiter, final Waker waker, final SafePoint safePoint,
        final int countersOffset, final int batchRecords)
    {
        this(file, waiter, waker, safePoint, countersOffset, batchRecords, RingWindow.bytes(file.capacity()));
    }

    RingProducer(final ChannelFile file, final Waiter waiter, final Waker waker, final SafePoint safePoint,
        final int countersOffset, final int batchRecords, final int window)
    {
        this.file = file;
        this.buffer = file.buffer();
        this.address = file.address();
        this.capacity = file.capacity();
        this.mask = capacity - 1;
        this.maxRecordLength = file.maxRecordLength();
        this.free = new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE");
        this.used = new CountingSemaphore(buffer, USED_SEMAPHORE_OFFSET, "USED");
        this.waiter = waiter;
        this.waker = waker;
        this.safePoint = safePoint;
        this.countersOffset = countersOffset;
        this.batchRecords = Math.max(1, batchRecords);
        this.window = Math.min(capacity, window);
        this.keepFree = capacity - this.window; // 0: no window, the whole ring as before
        this.batchBytes = this.window / 4;
        this.tail = buffer.getLongVolatile(TAIL_OFFSET);
        this.nextSequence = buffer.getLongVolatile(NEXT_SEQUENCE_OFFSET);
        this.records = buffer.getLongVolatile(countersOffset + COUNTER_RECORDS);
        this.payloadBytes = buffer.getLongVolatile(countersOffset + COUNTER_BYTES);
        this.fullWaits = buffer.getLongVolatile(countersOffset + COUNTER_WAITS);
    }

    /**
     * Claims space for a DATA record of {@code length} payload bytes, waiting for the consumer if
     * the ring is full. Write the payload at the returned offset of {@link #buffer()}, then
     * {@link #commit()}.
     *
     * @param length payload bytes, 0 to the max record length.
     * @return offset of the payload in {@link #buffer()}, or -1 if a stop was requested while waiting.
     * @throws RecordTooLargeException if {@code length} exceeds the max record length.
     */
    public int claim(final int length)
    {
        return claimRecord(DATA, length, Long.MAX_VALUE);
    }

    /**
     * Claims space for a DATA record carrying an application message type id.
     *
     * @param typeId        0 to {@link io.mmipc.core.file.RecordLayout#MAX_TYPE_ID}.
     * @param length        payload bytes, 0 to the max record length.
     * @param deadlineNanos {@link System#nanoTime()} after which to give up waiting for space; 0 to
     *                      not wait at all, {@link Long#MAX_VALUE} to wait until stopped.
     * @return offset of the payload in {@link #buffer()}, or -1 if there was no space in time (or a
     *         stop was requested).
     * @throws RecordTooLargeException if {@code length} exceeds the max record length.
     */
    public int claim(final int typeId, final int length, final long deadlineNanos)
    {
        if (typeId < 0 || typeId > MAX_TYPE_ID)
        {
            throw new IllegalArgumentException("message type id " + typeId + " is outside 0.." + MAX_TYPE_ID);
        }
        return claimRecord(dataType(typeId), length, deadlineNanos);
    }

    private int claimRecord(final int type, final int length, final long deadlineNanos)
    {
        if (length < 0 || length > maxRecordLength)
        {
            throw new RecordTooLargeException(file.path(), length, maxRecordLength);
        }
        if (claimedAt >= 0)
        {
            throw new IllegalStateException("claim without commit of the previous record");
        }
        // One volatile load of our own slot's line per record: a producer that was paused and
        // replaced stops here, before it writes into the ring again.
        safePoint.checkOwner();
        if (!inside && !enter())
        {
            return -1;
        }
        final int recordLength = RECORD_HEADER_LENGTH + length;
        final int aligned = aligned(recordLength);
        int index = (int)tail & mask;
        final int toEnd = capacity - index;
        final int needed = aligned <= toEnd ? aligned : toEnd + aligned;
        if (reserve < needed && !take(needed, deadlineNanos))
        {
            return -1;
        }
        if (aligned > toEnd)
        {
            final long at = address + FILE_HEADER + index;
            CrashPoints.store(CrashPoints.PRODUCER);
            UnsafeApi.putInt(at + TYPE_OFFSET, PADDING);
            UnsafeApi.putIntRelease(null, at + LENGTH_OFFSET, toEnd);
            tail += toEnd;
            reserve -= toEnd;
            pendingRecords++;
            pendingBytes += toEnd;
            index = 0;
        }
        final int at = FILE_HEADER + index;
        // Plain stores: nobody reads this record before the USED release that follows its commit.
        // Unchecked (UnsafeApi, not the buffer's bounds-checked puts): index is masked into the ring
        // and the reserve proved the aligned record fits before its end, so at..at+16 is mapped.
        final long address = this.address + at;
        CrashPoints.store(CrashPoints.PRODUCER);
        // (PIT: removing this store or its negation survives in one process: a reader only ever sees
        // records below the published tail, all committed; the negative length marks a record torn by a
        // crash, which the crash point walks cover.)
        UnsafeApi.putInt(address + LENGTH_OFFSET, -recordLength);
        UnsafeApi.putInt(address + TYPE_OFFSET, type);
        UnsafeApi.putLong(address + SEQUENCE_OFFSET, nextSequence);
        claimedAt = at;
        claimedLength = recordLength;
        claimedType = type;
        return at + RECORD_HEADER_LENGTH;
    }

    /**
     * Commits the claimed record: release-stores its positive length, and releases USED permits
     * when the batch is full.
     *
     * @return the record's sequence.
     */
    public long commit()
    {
        final int at = claimedAt;
        if (at < 0)
        {
            throw new IllegalStateException("commit without claim");
        }
        final int recordLength = claimedLength;
        final boolean data = kind(claimedType) == DATA;
        // Release store: the commit marker. Everything written to the record happens-before it.
        // Unchecked for the reason given in claim.
        CrashPoints.store(CrashPoints.PRODUCER);
        UnsafeApi.putIntRelease(null, address + at + LENGTH_OFFSET, recordLength); // (LENGTH_OFFSET is 0: "+ to -" equivalent)
        claimedAt = -1;
        final int aligned = aligned(recordLength);
        tail += aligned;
        reserve -= aligned;
        pendingRecords++;
        pendingBytes += aligned;
        final long sequence = nextSequence;
        if (data)
        {
            nextSequence++;
            records++;
            payloadBytes += recordLength - RECORD_HEADER_LENGTH;
        }
        if (pendingRecords >= batchRecords || pendingBytes >= batchBytes)
        {
            flush();
        }
        return sequence;
    }

    /**
     * Commits the claimed record with a payload shorter than claimed (a message whose encoded length
     * was known only once written): the unused space stays in the reserve for the next record.
     *
     * @param payloadLength bytes written, 0 to the length claimed.
     * @return the record's sequence.
     */
    public long commit(final int payloadLength)
    {
        if (claimedAt < 0)
        {
            throw new IllegalStateException("commit without claim");
        }
        if (payloadLength < 0 || RECORD_HEADER_LENGTH + payloadLength > claimedLength)
        {
            throw new IllegalArgumentException("commit of " + payloadLength + " bytes, but " +
                (claimedLength - RECORD_HEADER_LENGTH) + " were claimed");
        }
        claimedLength = RECORD_HEADER_LENGTH + payloadLength;
        return commit();
    }

    /**
     * Gives the claimed record up: it stays in the ring as an ABORTED record that the consumer skips,
     * and no sequence is used.
     */
    public void abort()
    {
        final int at = claimedAt;
        if (at < 0)
        {
            throw new IllegalStateException("abort without claim");
        }
        UnsafeApi.putInt(address + at + TYPE_OFFSET, ABORTED); // plain: the commit's release store publishes it
        claimedType = ABORTED;
        commit(); // a non-DATA record: the sequence is not used up
    }

    /**
     * Copies and commits one record.
     *
     * @param src    payload source.
     * @param offset in {@code src}.
     * @param length payload bytes.
     * @return the sequence, or -1 if a stop was requested while waiting for space.
     */
    public long write(final DirectBuffer src, final int offset, final int length)
    {
        final int at = claim(length);
        if (at < 0)
        {
            return -1;
        }
        buffer.putBytes(at, src, offset, length);
        return commit();
    }

    /**
     * Copies and commits one record from a byte array.
     *
     * @return the sequence, or -1 if a stop was requested while waiting for space.
     */
    public long write(final byte[] src, final int offset, final int length)
    {
        final int at = claim(length);
        if (at < 0)
        {
            return -1;
        }
        buffer.putBytes(at, src, offset, length);
        return commit();
    }

    /**
     * Appends an END_OF_STREAM record, sets the END_OF_STREAM flag and flushes.
     *
     * @return false if a stop was requested while waiting for space.
     */
    public boolean endOfStream()
    {
        if (claimRecord(END_OF_STREAM, 0, Long.MAX_VALUE) < 0)
        {
            return false;
        }
        commit();
        flush();
        file.setFlags(FLAG_END_OF_STREAM);
        return true;
    }

    /**
     * Appends an END_OF_STREAM record as {@link #endOfStream()} does, if there is room now; never
     * waits (a caller that must keep other work going, e.g. a network bridge, tries again later).
     *
     * @return false if the ring is full (nothing was written).
     */
    public boolean tryEndOfStream()
    {
        if (claimRecord(END_OF_STREAM, 0, 0) < 0)
        {
            return false;
        }
        commit();
        flush();
        file.setFlags(FLAG_END_OF_STREAM);
        return true;
    }

    /**
     * Publishes the tail, the next sequence and the counters, and releases the pending USED
     * permits with one CAS, waking a parked consumer. A safe point afterwards.
     */
    public void flush()
    {
        if (pendingRecords > 0)
        {
            publish();
        }
        if (inside && safePoint.pauseRequested())
        {
            stepAside();
        }
    }

    private void publish()
    {
        safePoint.checkOwner(); // a replaced producer must not publish: its records are not the stream
        // Release stores: recovery trusts the published tail, and a reader of it must see the records.
        CrashPoints.store(CrashPoints.PRODUCER);
        buffer.putLongRelease(TAIL_OFFSET, tail);
        CrashPoints.store(CrashPoints.PRODUCER);
        buffer.putLongRelease(NEXT_SEQUENCE_OFFSET, nextSequence);
        buffer.putLongRelease(countersOffset + COUNTER_RECORDS, records);
        buffer.putLongRelease(countersOffset + COUNTER_BYTES, payloadBytes);
        final int released = pendingRecords;
        pendingRecords = 0;
        pendingBytes = 0;
        CrashPoints.store(CrashPoints.PRODUCER);
        if (used.release(released))
        {
            waker.wake(used);
            buffer.putLongRelease(countersOffset + COUNTER_WAKEUPS_SENT, waker.wakeups());
        }
    }

    /**
     * A recovery asks us out: give the reserve back (recovery recomputes FREE from the positions),
     * step OUTSIDE and enter again, which waits until the recovery is done.
     *
     * @return false if a stop was requested while waiting (we are then OUTSIDE).
     */
    private boolean stepAside()
    {
        giveBackReserve();
        safePoint.leave();
        inside = false;
        return enter();
    }

    private boolean enter()
    {
        if (safePoint.enter())
        {
            inside = true;
        }
        return inside;
    }

    private void giveBackReserve()
    {
        if (reserve > 0)
        {
            // A producer replaced while it was paused must not give back a reserve that recovery
            // already recomputed into FREE (found by the SPIN model's paused-owner runs).
            safePoint.checkOwner();
            CrashPoints.store(CrashPoints.PRODUCER);
            free.release(reserve); // nobody else waits on FREE: no wake-up to send
            reserve = 0;
        }
    }

    /**
     * Publishes everything, gives the reserve back and steps OUTSIDE: call before blocking on a
     * source (stdin), so that the consumer sees every record written and a recovery never waits for
     * this producer. The next claim enters again.
     */
    public void leave()
    {
        if (!inside)
        {
            return;
        }
        if (pendingRecords > 0)
        {
            publish();
        }
        giveBackReserve();
        safePoint.leave();
        inside = false;
    }

    /**
     * Publishes, gives the reserve back and steps OUTSIDE, so that a producer started after this
     * one finds all the free space. Call when stopping. Touches nothing if this producer is OUTSIDE
     * (it holds nothing); throws if it lost its role (nothing it holds is its own any more).
     */
    public void close()
    {
        claimedAt = -1; // an uncommitted claim is abandoned: its space is still in our reserve
        leave();
    }

    private boolean take(final long needed, final long deadlineNanos)
    {
        // (A claim that may not wait, offer's, takes what is free: the window's short spin is a wait.)
        if (keepFree > 0 && deadlineNanos != 0 && takeWithinWindow(needed))
        {
            return true;
        }
        CrashPoints.store(CrashPoints.PRODUCER);
        reserve += free.drain();
        if (reserve >= needed)
        {
            return true;
        }
        // Wait holding no reserve, so that a recovery may recompute FREE around us while we are
        // parked: publish what we wrote (the consumer must see it to make room), give back what we
        // hold, and take permits again only once enough are there.
        if (pendingRecords > 0)
        {
            publish();
        }
        giveBackReserve();
        buffer.putLongRelease(countersOffset + COUNTER_WAITS, ++fullWaits);
        waiter.reset();
        final BackPressureEvent event = new BackPressureEvent(); // the slow path: the ring is full
        event.begin();
        final boolean got = awaitSpace(needed, deadlineNanos);
        if (event.shouldCommit())
        {
            event.needed = needed;
            event.got = got;
            event.commit();
        }
        return got;
    }

    /**
     * Takes free space only as far as keeps this producer's lead (records not yet given back by the
     * consumer) within the {@link RingWindow}, so that the stream stays in the cache; a window ahead,
     * it spins briefly for the consumer to give space back. It holds its reserve while it spins, as
     * while it writes: it is inside and running, and steps out for a recovery at once.
     *
     * @return true if the reserve now covers {@code needed}; false to take all the free space instead:
     *         the consumer stopped moving (off the CPU), or is still far behind after it did.
     */
    private boolean takeWithinWindow(final long needed)
    {
        if (elastic)
        {
            if (capacity - free.available() > window / 2)
            {
                return false; // still catching up after a stall: keep using the whole ring
            }
            elastic = false;
        }
        CrashPoints.store(CrashPoints.PRODUCER);
        reserve += free.drainAbove(keepFree);
        if (reserve >= needed)
        {
            return true;
        }
        if (pendingRecords > 0)
        {
            publish(); // the consumer must see what we wrote to make room
        }
        final long start = System.nanoTime();
        do
        {
            Thread.onSpinWait();
            reserve += free.drainAbove(keepFree);
            if (reserve >= needed)
            {
                return true;
            }
        }
        while (System.nanoTime() - start < WINDOW_PATIENCE_NANOS && !safePoint.pauseRequested() &&
            !waiter.stopRequested());
        elastic = true;
        return false;
    }

    private boolean awaitSpace(final long needed, final long deadlineNanos)
    {
        while (true)
        {
            if (waiter.stopRequested() || deadlineNanos == 0 ||
                (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0))
            {
                return false;
            }
            if (safePoint.pauseRequested() && !stepAside())
            {
                return false;
            }
            if (free.available() >= needed)
            {
                CrashPoints.store(CrashPoints.PRODUCER);
                reserve += free.drain();
                if (reserve >= needed)
                {
                    return true;
                }
                giveBackReserve(); // only a recovery takes FREE from under us, and it restores it
            }
            waiter.idle(free, needed);
        }
    }

    /**
     * @return the mapping, to write a claimed payload into.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the sequence the next DATA record will carry.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * @return DATA records committed through this channel's producer slot (all producers so far).
     */
    public long records()
    {
        return records;
    }

    public int maxRecordLength()
    {
        return maxRecordLength;
    }

}
