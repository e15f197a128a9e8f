package io.mmipc.core.ring;

import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.jfr.SlowConsumerEvent;
import io.mmipc.core.liveness.ParticipantSlot;
import org.agrona.concurrent.UnsafeBuffer;

import static io.mmipc.core.file.ChannelDescriptor.CONSUMER_NEXT_SEQUENCE_OFFSET;
import static io.mmipc.core.file.ChannelDescriptor.CONSUMER_SLOT_OFFSET;

/**
 * The producer's watch for a slow consumer: turns the fill it sees each time it takes FREE permits
 * into {@link SlowConsumerEvent} episodes. An episode starts when the ring is more than 3/4 full and
 * ends when it is under half full again (the gap keeps a consumer hovering at 3/4 from making an
 * episode per batch), or when the producer stops writing ({@link #stop}).
 *
 * <p>Free when no recording enables the event: one compare per take, and a static enabled check
 * on a reused, never committed probe only while the ring is over 3/4 full. Nothing is allocated and
 * nothing shared is read unless an episode is being recorded; then only the consumer's published
 * sequence (when the lag reaches a new maximum) and its slot's pid (when the episode ends).
 */
final class SlowConsumerWatch
{
    private final ChannelFile file;
    private final UnsafeBuffer buffer;
    private final long capacity;
    private final long startAbove;
    private final long endBelow;
    private final SlowConsumerEvent probe = new SlowConsumerEvent(); // only asked isEnabled(), never begun

    private SlowConsumerEvent episode; // non-null while an episode is being recorded
    private long maxLagBytes;
    private long maxLagRecords;
    private long recordsAtStart;
    private long waitsAtStart;

    SlowConsumerWatch(final ChannelFile file)
    {
        this.file = file;
        this.buffer = file.buffer();
        this.capacity = file.capacity();
        this.startAbove = capacity - capacity / 4;
        this.endBelow = capacity / 2;
    }

    /**
     * The producer just drained FREE: {@code freeBytes} is all the space it may write, so the rest
     * of the ring is the consumer's lag.
     *
     * @param freeBytes    the producer's reserve after the drain.
     * @param nextSequence the sequence the producer's next record will carry.
     * @param records      DATA records the producer has committed.
     * @param waits        times the producer has waited for a full ring.
     */
    void sample(final long freeBytes, final long nextSequence, final long records, final long waits)
    {
        final long lag = capacity - freeBytes;
        if (episode == null)
        {
            if (lag > startAbove && probe.isEnabled())
            {
                start(lag, nextSequence, records, waits);
            }
        }
        else if (lag < endBelow)
        {
            end(true, records, waits);
        }
        else if (lag > maxLagBytes)
        {
            maxLag(lag, nextSequence);
        }
    }

    /**
     * The producer stops writing (it leaves the ring, idle or closing): an open episode ends here,
     * since the fill is no longer watched.
     */
    void stop(final long records, final long waits)
    {
        if (episode != null)
        {
            end(false, records, waits);
        }
    }

    private void start(final long lag, final long nextSequence, final long records, final long waits)
    {
        episode = new SlowConsumerEvent(); // the slow path: the ring is over 3/4 full and a recording wants it
        episode.begin();
        maxLag(lag, nextSequence);
        recordsAtStart = records;
        waitsAtStart = waits;
    }

    private void maxLag(final long lag, final long nextSequence)
    {
        maxLagBytes = lag;
        // Volatile read of the consumer's line, only while recording: the records not yet consumed.
        maxLagRecords = Math.max(0, nextSequence - buffer.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET));
    }

    private void end(final boolean caughtUp, final long records, final long waits)
    {
        final SlowConsumerEvent event = episode;
        episode = null;
        event.end();
        if (event.shouldCommit())
        {
            event.channel = file.path().toString();
            event.consumerPid = buffer.getLongVolatile(CONSUMER_SLOT_OFFSET + ParticipantSlot.PID_OFFSET);
            event.capacity = capacity;
            event.maxLagBytes = maxLagBytes;
            event.maxLagRecords = maxLagRecords;
            event.recordsWritten = records - recordsAtStart;
            event.producerWaits = waits - waitsAtStart;
            event.caughtUp = caughtUp;
            event.commit();
        }
        maxLagBytes = 0;
        maxLagRecords = 0;
    }
}
