package io.mmipc.core.ring;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.ChannelCorruptedException;
import io.mmipc.exceptions.RoleTakenException;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.locks.LockSupport;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.*;

/**
 * The consumer's side of the ring; single-threaded.
 *
 * <p><b>Protocol.</b> The consumer takes every USED permit with one CAS ({@link CountingSemaphore#drain()}),
 * reads that many records from the head, hands each to a {@link RecordHandler}, then publishes the
 * head and the next expected sequence (release stores) and gives the records' bytes back to FREE
 * with one CAS, waking a parked producer. Space goes back at least every
 * {@link RingWindow#releaseEvery} bytes, so that a long batch does not starve the producer.
 *
 * <p><b>Recovery.</b> The consumer holds permits privately only inside {@link #poll}; between polls
 * it holds none, so the start of every poll is a safe point where it steps outside for a recovery
 * ({@link SafePoint}), and it checks that it still owns its role before it drains and before it
 * publishes the head, so a consumer paused past the heartbeat timeout and replaced stops first.
 *
 * <p>Record fields are read with plain loads: the drain CAS that granted the permits is ordered
 * after the producer's USED release, which is ordered after the record's commit store.
 *
 * <p><b>Hold mode</b> ({@link #hold()}), for a reader that may give a record's space back only once
 * somebody else has confirmed it (the network bridge: once the far side has committed it). A poll
 * then reads ahead of the head with a private read cursor and gives nothing back; {@link #release}
 * publishes the head and returns the bytes to FREE up to a given sequence. The records read but not
 * released are USED permits this consumer drained: before it steps OUTSIDE (at a safe point a
 * recovery asked for, or at {@link #leave()}), it returns them to USED and rewinds the cursor to the
 * head, so OUTSIDE it holds nothing, as the contract of {@link SafePoint} requires, and a recovery's
 * recomputation (USED = the records in [head, tail)) agrees with it; the records are read again.
 * A holding consumer never parks ({@link #idle()} sleeps briefly instead): a recovery treats a
 * parked side as holding nothing. Killed, it leaves the head at the last release, and the recovery
 * of the next consumer hands every record after it out again.
 *
 * <p><b>Validation.</b> Every record's length and type is checked against the ring before use; a
 * record that cannot be (length beyond the end of the ring or the max record length, padding that
 * does not reach the end, unknown type) raises {@link ChannelCorruptedException} naming the offset,
 * rather than reading out of bounds or looping.
 */
public final class RingConsumer
{
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
    private final long releaseEvery;
    /** How long a holding consumer sleeps in {@link #idle()}; it stays RUNNING, so a recovery waits for its next poll. */
    static final long HOLDING_IDLE_NANOS = 50_000;

    private long head;
    private long read;
    private long nextSequence;
    private long releasedNextSequence;
    private long heldRecords;
    private boolean holding;
    private long records;
    private long payloadBytes;
    private long emptyWaits;
    private boolean endOfStream;
    private boolean idling;
    private boolean inside;

    /**
     * @param file           the channel, whose consumer slot this process holds.
     * @param waiter         how to wait for USED permits.
     * @param waker          wakes a producer parked on FREE.
     * @param safePoint      the recovery handshake and owner check.
     * @param countersOffset where this side's counters block is.
     */
    public RingConsumer(final ChannelFile file, final Waiter waiter, final Waker waker, final SafePoint safePoint,
        final int countersOffset)
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
        this.releaseEvery = RingWindow.releaseEvery(capacity);
        this.head = buffer.getLongVolatile(HEAD_OFFSET);
        this.read = head;
        this.nextSequence = buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET);
        this.releasedNextSequence = nextSequence;
        this.records = buffer.getLongVolatile(countersOffset + COUNTER_RECORDS); // (COUNTER_RECORDS is 0: "+ to -" equivalent)
        this.payloadBytes = buffer.getLongVolatile(countersOffset + COUNTER_BYTES);
        this.emptyWaits = buffer.getLongVolatile(countersOffset + COUNTER_WAITS);
    }

    /**
     * Reads up to {@code limit} records if any are committed, without waiting.
     *
     * @param handler receives each DATA and END_OF_STREAM record.
     * @param limit   most records to take, at least 1.
     * @return records taken (padding included), 0 if none were there.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        // A safe point: no permits are held privately between polls.
        if (!inside || safePoint.pauseRequested())
        {
            rewind();
            safePoint.leave();
            inside = false;
            if (!safePoint.enter())
            {
                return 0; // stopped while a recovery ran: touch nothing
            }
            inside = true;
        }
        safePoint.checkOwner();
        CrashPoints.store(CrashPoints.CONSUMER);
        long permits = used.drain();
        if (permits == 0)
        {
            return 0;
        }
        if (permits > limit)
        {
            CrashPoints.store(CrashPoints.CONSUMER);
            used.release(permits - limit); // the producer never parks on USED: no wake-up needed
            permits = limit;
        }
        final int count = (int)permits;
        if (idling)
        {
            idling = false;
            waiter.reset();
        }
        long bytes = 0;
        int done = 0;
        try
        {
            for (; done < count; done++)
            {
                final int index = (int)read & mask;
                final int at = HEADER_LENGTH + index;
                // Unchecked loads: index is masked into the ring and 8-aligned, so length and type
                // are mapped; the sequence is read only after the length is proven to fit.
                final int length = UnsafeApi.getInt(address + at + LENGTH_OFFSET);
                final int type = UnsafeApi.getInt(address + at + TYPE_OFFSET);
                final int kind = kind(type);
                final int toEnd = capacity - index;
                if (type == PADDING)
                {
                    if (length != toEnd)
                    {
                        throw corrupt(index, "padding of length " + length + " does not reach the end of the ring (" +
                            toEnd + " bytes)");
                    }
                    read += length;
                    bytes += length;
                    continue;
                }
                if ((kind != DATA && type != END_OF_STREAM && type != ABORTED) || length < RECORD_HEADER_LENGTH ||
                    length - RECORD_HEADER_LENGTH > maxRecordLength || aligned(length) > toEnd)
                {
                    throw corrupt(index, "a committed record has " + typeName(type) + " and length " + length +
                        " (max record " + maxRecordLength + ", " + toEnd + " bytes to the end of the ring)");
                }
                final int aligned = aligned(length);
                if (type == ABORTED)
                {
                    read += aligned; // a claim its writer gave up: nothing to deliver
                    bytes += aligned;
                    continue;
                }
                final long sequence = UnsafeApi.getLong(address + at + SEQUENCE_OFFSET);
                final int payload = length - RECORD_HEADER_LENGTH;
                handler.onRecord(kind, typeId(type), sequence, buffer, at + RECORD_HEADER_LENGTH, payload);
                read += aligned;
                bytes += aligned;
                if (holding)
                {
                    if (kind == DATA)
                    {
                        nextSequence = sequence + 1; // counted, and the end marked, only at release
                    }
                    continue;
                }
                if (kind == DATA)
                {
                    nextSequence = sequence + 1;
                    records++;
                    payloadBytes += payload;
                }
                else
                {
                    endOfStream = true;
                }
                if (bytes >= releaseEvery)
                {
                    giveBack(handler, bytes);
                    bytes = 0;
                }
            }
        }
        finally
        {
            // Whatever happened, publish what was consumed and return the permits not used, so the
            // channel stays consistent for the next consumer (holding: the records read stay held).
            if (holding)
            {
                heldRecords += done;
            }
            else
            {
                giveBack(handler, bytes);
            }
            if (done < count)
            {
                safePoint.checkOwner(); // a consumer replaced while paused hands back nothing
                CrashPoints.store(CrashPoints.CONSUMER);
                used.release(count - done);
            }
        }
        return count;
    }

    /**
     * Waits once with the waiter for records to arrive: call after {@link #poll} returned 0. The
     * first wait after progress is counted in the shared counters.
     */
    public void idle()
    {
        if (heldRecords > 0)
        {
            // Holding drained permits: must not be PARKED, which a recovery takes for holding none.
            LockSupport.parkNanos(HOLDING_IDLE_NANOS);
            return;
        }
        if (!idling)
        {
            idling = true;
            buffer.putLongRelease(countersOffset + COUNTER_WAITS, ++emptyWaits);
        }
        waiter.idle(used, 1);
    }

    private void giveBack(final RecordHandler handler, final long bytes)
    {
        if (bytes == 0)
        {
            return;
        }
        handler.beforeRelease(nextSequence); // e.g. a file sink checkpoints before the records leave the ring
        safePoint.checkOwner(); // a replaced consumer must not move the head its successor owns
        head = read;
        releasedNextSequence = nextSequence;
        publishHead(nextSequence, bytes);
    }

    /**
     * Publishes {@link #head}, the next sequence and the counters, and gives {@code bytes} back to
     * FREE, waking a producer parked there: the end of both {@link #giveBack} and {@link #release}.
     */
    private void publishHead(final long next, final long bytes)
    {
        // Release stores: a recovering producer trusts the head, and must not see it ahead of reads.
        CrashPoints.store(CrashPoints.CONSUMER);
        buffer.putLongRelease(HEAD_OFFSET, head);
        CrashPoints.store(CrashPoints.CONSUMER);
        buffer.putLongRelease(CONSUMER_NEXT_SEQUENCE_OFFSET, next);
        buffer.putLongRelease(countersOffset + COUNTER_RECORDS, records);
        buffer.putLongRelease(countersOffset + COUNTER_BYTES, payloadBytes);
        CrashPoints.store(CrashPoints.CONSUMER);
        if (free.release(bytes))
        {
            waker.wake(free);
            buffer.putLongRelease(countersOffset + COUNTER_WAKEUPS_SENT, waker.wakeups());
        }
    }

    /**
     * Switches to hold mode (see the class comment) before the first poll: records read stay in the
     * ring until {@link #release} gives them back.
     */
    public void hold()
    {
        if (inside)
        {
            throw new IllegalStateException("hold mode must be chosen before the first poll");
        }
        holding = true;
    }

    /**
     * Hold mode: gives back the ring space of every record read so far whose sequence is at most
     * {@code throughSequence} (an END_OF_STREAM record carries the sequence after the last DATA), with
     * the padding and aborted claims before them; publishes the head, the consumer's next sequence
     * and the counters, and wakes a producer parked on FREE. Only records this consumer has read are
     * walked: they were validated then, and the producer cannot overwrite them until they are given
     * back.
     *
     * @param throughSequence the highest sequence confirmed.
     * @return records (padding included) given back, 0 if none.
     */
    public int release(final long throughSequence)
    {
        if (!holding || !inside || head == read)
        {
            return 0; // nothing read since the last release or rewind
        }
        long position = head;
        long newHead = head;
        long bytes = 0;
        long pendingBytes = 0;
        int pendingRecords = 0;
        int released = 0;
        long next = releasedNextSequence;
        long count = records;
        long payload = payloadBytes;
        boolean end = false;
        while (position < read)
        {
            final int at = HEADER_LENGTH + ((int)position & mask);
            final int length = UnsafeApi.getInt(address + at + LENGTH_OFFSET);
            final int type = UnsafeApi.getInt(address + at + TYPE_OFFSET);
            final int size = type == PADDING ? length : aligned(length);
            if (type == PADDING || type == ABORTED)
            {
                position += size; // given back with the next record that is confirmed
                pendingBytes += size;
                pendingRecords++;
                continue;
            }
            final long sequence = UnsafeApi.getLong(address + at + SEQUENCE_OFFSET);
            if (sequence > throughSequence)
            {
                break;
            }
            position += size;
            newHead = position;
            bytes += pendingBytes + size;
            released += pendingRecords + 1;
            pendingBytes = 0;
            pendingRecords = 0;
            if (kind(type) == DATA)
            {
                next = sequence + 1;
                count++;
                payload += length - RECORD_HEADER_LENGTH;
            }
            else
            {
                end = true;
            }
        }
        if (released == 0)
        {
            return 0;
        }
        safePoint.checkOwner(); // a replaced consumer must not move the head its successor owns
        head = newHead;
        heldRecords -= released;
        releasedNextSequence = next;
        records = count;
        payloadBytes = payload;
        endOfStream |= end;
        publishHead(next, bytes);
        return released;
    }

    /**
     * Hold mode: returns the USED permits of the records read but not released and moves the read
     * cursor back to the head, so that they are read again. Called before every step OUTSIDE.
     */
    private void rewind()
    {
        if (heldRecords > 0)
        {
            safePoint.checkOwner(); // the permits of a replaced consumer are its successor's to recompute
            CrashPoints.store(CrashPoints.CONSUMER);
            used.release(heldRecords); // only this consumer waits on USED: no wake-up needed
            heldRecords = 0;
        }
        read = head;
        nextSequence = releasedNextSequence;
    }

    /**
     * Hold mode: a safe point between polls for a reader that cannot poll for a while (it waits for
     * the network): if a recovery asks, steps OUTSIDE, rewinding as {@link #leave()} does, so the
     * recovery does not wait for it; the next poll enters again.
     */
    public void yieldToRecovery()
    {
        if (inside && safePoint.pauseRequested())
        {
            leave();
        }
    }

    /**
     * @return the sequence of the first record not yet released (in hold mode; otherwise the same
     *         as {@link #nextSequence()}).
     */
    public long releasedSequence()
    {
        return releasedNextSequence;
    }

    /**
     * @return records read in hold mode and not yet released (padding included).
     */
    public long heldRecords()
    {
        return heldRecords;
    }

    private ChannelCorruptedException corrupt(final int index, final String what)
    {
        return new ChannelCorruptedException(file.path(), "at ring offset " + index + " (file offset " +
            (HEADER_LENGTH + index) + "), " + what);
    }

    /**
     * Steps OUTSIDE (the consumer holds nothing between polls): call when stopping, or before a long
     * wait outside the ring. The next poll enters again.
     */
    public void leave()
    {
        if (inside)
        {
            try
            {
                rewind();
            }
            catch (final RoleTakenException ex)
            {
                // fenced: the permits are not ours to give back; our successor's recovery recomputes them
            }
            safePoint.leave();
            inside = false;
        }
    }

    /**
     * @return true once an END_OF_STREAM record was read.
     */
    public boolean endOfStream()
    {
        return endOfStream;
    }

    /**
     * @return the sequence the consumer expects next.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    public long records()
    {
        return records;
    }

    /**
     * @return the wait strategy's waiter, e.g. to idle between polls.
     */
    public Waiter waiter()
    {
        return waiter;
    }
}
