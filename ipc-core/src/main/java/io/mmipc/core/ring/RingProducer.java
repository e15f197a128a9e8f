package io.mmipc.core.ring;

import io.mmipc.core.channel.ChannelRecovery;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
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
 * when a quarter of the ring is pending, before any wait, and on {@link #flush()}. So neither
 * semaphore's line is written per record. A caller whose source may block (stdin) must call
 * {@link #flush()} before blocking, or the consumer waits for records that are already written.
 *
 * <p><b>Recovery.</b> Only the published tail counts: records written after it by a producer that
 * died are discarded, which is safe because their USED permits were never released.
 */
public final class RingProducer
{
    /** Default records per USED release. */
    public static final int DEFAULT_BATCH = 256;
    private static final int FILE_HEADER = io.mmipc.core.file.ChannelDescriptor.HEADER_LENGTH;

    private final ChannelFile file;
    private final UnsafeBuffer buffer;
    private final long address;
    private final CountingSemaphore free;
    private final CountingSemaphore used;
    private final Waiter waiter;
    private final Waker waker;
    private final int capacity;
    private final int mask;
    private final int maxRecordLength;
    private final int countersOffset;
    private final int batchRecords;
    private final long batchBytes;

    private long tail;
    private long nextSequence;
    private long reserve;
    private int pendingRecords;
    private long pendingBytes;
    private long records;
    private long payloadBytes;
    private long fullWaits;

    private int claimedAt = -1;
    private int claimedLength;
    private int claimedType;

    /**
     * @param file           the channel, whose producer slot this process holds.
     * @param waiter         how to wait for FREE permits.
     * @param waker          wakes a consumer parked on USED.
     * @param countersOffset where this side's counters block is.
     * @param batchRecords   records per USED release, at least 1.
     */
    public RingProducer(
        final ChannelFile file, final Waiter waiter, final Waker waker, final int countersOffset, final int batchRecords)
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
        this.countersOffset = countersOffset;
        this.batchRecords = Math.max(1, batchRecords);
        this.batchBytes = capacity / 4;
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
        return claim(DATA, length);
    }

    private int claim(final int type, final int length)
    {
        if (length < 0 || length > maxRecordLength)
        {
            throw new RecordTooLargeException(file.path(), length, maxRecordLength);
        }
        if (claimedAt >= 0)
        {
            throw new IllegalStateException("claim without commit of the previous record");
        }
        final int recordLength = RECORD_HEADER_LENGTH + length;
        final int aligned = aligned(recordLength);
        int index = (int)tail & mask;
        final int toEnd = capacity - index;
        final int needed = aligned <= toEnd ? aligned : toEnd + aligned;
        if (reserve < needed && !take(needed))
        {
            return -1;
        }
        if (aligned > toEnd)
        {
            final long at = address + FILE_HEADER + index;
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
        final boolean data = claimedType == DATA;
        // Release store: the commit marker. Everything written to the record happens-before it.
        // Unchecked for the reason given in claim.
        UnsafeApi.putIntRelease(null, address + at + LENGTH_OFFSET, recordLength);
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
        if (claim(END_OF_STREAM, 0) < 0)
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
     * permits with one CAS, waking a parked consumer.
     */
    public void flush()
    {
        if (pendingRecords == 0)
        {
            pauseForRecovery();
            return;
        }
        // Release stores: recovery trusts the published tail, and a reader of it must see the records.
        buffer.putLongRelease(TAIL_OFFSET, tail);
        buffer.putLongRelease(NEXT_SEQUENCE_OFFSET, nextSequence);
        buffer.putLongRelease(countersOffset + COUNTER_RECORDS, records);
        buffer.putLongRelease(countersOffset + COUNTER_BYTES, payloadBytes);
        final int released = pendingRecords;
        pendingRecords = 0;
        pendingBytes = 0;
        if (used.release(released))
        {
            waker.wake(used);
            buffer.putLongRelease(countersOffset + COUNTER_WAKEUPS_SENT, waker.wakeups());
        }
        pauseForRecovery();
    }

    /**
     * A safe point (nothing claimed, everything published): if a new consumer is recovering the
     * channel, give the reserve back (recovery recomputes FREE from the positions) and pause until
     * it is done. One volatile read of a read-mostly line when nobody is recovering.
     */
    private void pauseForRecovery()
    {
        if (buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET) == 0)
        {
            return;
        }
        if (reserve > 0)
        {
            free.release(reserve);
            reserve = 0;
        }
        ChannelRecovery.pauseIfRequested(file, ProcessIdentity.current(), Role.PRODUCER, waiter.stopFlag());
    }

    /**
     * Flushes, then gives the local reserve of FREE permits back, so that a producer started after
     * this one finds all the free space. Call when stopping.
     */
    public void close()
    {
        flush();
        if (reserve > 0)
        {
            free.release(reserve);
            reserve = 0;
        }
    }

    private boolean take(final long needed)
    {
        reserve += free.drain();
        if (reserve >= needed)
        {
            return true;
        }
        flush(); // the consumer must see what we wrote before we wait for it to make room
        buffer.putLongRelease(countersOffset + COUNTER_WAITS, ++fullWaits);
        waiter.reset();
        while (reserve < needed)
        {
            if (waiter.stopRequested())
            {
                return false;
            }
            pauseForRecovery();
            final long got = free.drain();
            if (got > 0)
            {
                reserve += got;
            }
            else
            {
                waiter.idle(free, needed - reserve);
            }
        }
        return true;
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
