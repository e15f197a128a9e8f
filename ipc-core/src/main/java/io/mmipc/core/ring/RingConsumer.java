package io.mmipc.core.ring;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.file.ChannelCorruptedException;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static io.mmipc.core.file.RecordLayout.*;

/**
 * The consumer's side of the ring; single-threaded.
 *
 * <p><b>Protocol.</b> The consumer takes every USED permit with one CAS ({@link CountingSemaphore#drain()}),
 * reads that many records from the head, hands each to a {@link RecordHandler}, then publishes the
 * head and the next expected sequence (release stores) and gives the records' bytes back to FREE
 * with one CAS, waking a parked producer. Space goes back at least every quarter ring, so that a
 * long batch does not starve the producer.
 *
 * <p><b>Recovery.</b> The consumer holds permits privately only inside {@link #poll}; between polls
 * it holds none, so the start of every poll is a safe point where it steps outside for a recovery
 * ({@link SafePoint}), and it checks that it still owns its role before it drains and before it
 * publishes the head, so a consumer paused past the heartbeat timeout and replaced stops first.
 *
 * <p>Record fields are read with plain loads: the drain CAS that granted the permits is ordered
 * after the producer's USED release, which is ordered after the record's commit store.
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

    private long head;
    private long nextSequence;
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
        this.releaseEvery = capacity / 4;
        this.head = buffer.getLongVolatile(HEAD_OFFSET);
        this.nextSequence = buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET);
        this.records = buffer.getLongVolatile(countersOffset + COUNTER_RECORDS);
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
                final int index = (int)head & mask;
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
                    head += length;
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
                    head += aligned; // a claim its writer gave up: nothing to deliver
                    bytes += aligned;
                    continue;
                }
                final long sequence = UnsafeApi.getLong(address + at + SEQUENCE_OFFSET);
                final int payload = length - RECORD_HEADER_LENGTH;
                handler.onRecord(kind, typeId(type), sequence, buffer, at + RECORD_HEADER_LENGTH, payload);
                head += aligned;
                bytes += aligned;
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
            // channel stays consistent for the next consumer.
            giveBack(handler, bytes);
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
        // Release stores: a recovering producer trusts the head, and must not see it ahead of reads.
        CrashPoints.store(CrashPoints.CONSUMER);
        buffer.putLongRelease(HEAD_OFFSET, head);
        CrashPoints.store(CrashPoints.CONSUMER);
        buffer.putLongRelease(CONSUMER_NEXT_SEQUENCE_OFFSET, nextSequence);
        buffer.putLongRelease(countersOffset + COUNTER_RECORDS, records);
        buffer.putLongRelease(countersOffset + COUNTER_BYTES, payloadBytes);
        CrashPoints.store(CrashPoints.CONSUMER);
        if (free.release(bytes))
        {
            waker.wake(free);
            buffer.putLongRelease(countersOffset + COUNTER_WAKEUPS_SENT, waker.wakeups());
        }
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
