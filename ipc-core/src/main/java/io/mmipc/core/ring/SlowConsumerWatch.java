package io.mmipc.core.ring;

import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.jfr.SlowConsumerEvent;
import io.mmipc.core.liveness.ParticipantSlot;
import org.agrona.concurrent.UnsafeBuffer;

import static io.mmipc.core.file.ChannelDescriptor.CONSUMER_NEXT_SEQUENCE_OFFSET;
import static io.mmipc.core.file.ChannelDescriptor.CONSUMER_SLOT_OFFSET;
import static io.mmipc.core.file.ChannelDescriptor.HEAD_OFFSET;

/**
 * The producer's watch for a slow consumer: turns the consumer's lag (bytes the producer wrote that
 * the consumer has not given back: the producer's tail less the published head) into
 * {@link SlowConsumerEvent} episodes. The lag is measured against the room the producer gives
 * itself: its {@link RingWindow}, which is the whole ring when the ring is no larger. An episode
 * starts when the lag is over 3/4 of that room and ends when it is under half of it again (the gap
 * keeps a consumer hovering at 3/4 from making an episode per give-back), or when the producer
 * stops writing ({@link #stop}). A consumer that keeps the producer at the window's edge is slow
 * even though the producer never waits for a full ring (it spins at the edge for the consumer's
 * give-backs), so it makes no BackPressure event, only this one.
 *
 * <p>Sampled each time the producer takes FREE permits, in bulk, never per record. Free when no
 * recording enables the event: one enabled check on a reused, never committed probe, and nothing
 * read or allocated. While recording, one volatile read of the consumer's position line per sample.
 */
final class SlowConsumerWatch
{
    private final ChannelFile file;
    private final UnsafeBuffer buffer;
    private final long window;
    private final long startAbove;
    private final long endBelow;
    private final SlowConsumerEvent probe = new SlowConsumerEvent(); // only asked isEnabled(), never begun

    private SlowConsumerEvent episode; // non-null while an episode is being recorded
    private long maxLagBytes;
    private long maxLagRecords;
    private long recordsAtStart;
    private long waitsAtStart;

    /**
     * @param file   the channel.
     * @param window the producer's working window ({@link RingWindow#bytes}), at most the capacity.
     */
    SlowConsumerWatch(final ChannelFile file, final int window)
    {
        this.file = file;
        this.buffer = file.buffer();
        this.window = window;
        this.startAbove = window - window / 4;
        this.endBelow = window / 2;
    }

    /**
     * The producer is about to take FREE permits.
     *
     * @param tail         the producer's tail, published or not.
     * @param nextSequence the sequence the producer's next record will carry.
     * @param records      DATA records the producer has committed.
     * @param waits        times the producer has waited for a full ring.
     */
    void sample(final long tail, final long nextSequence, final long records, final long waits)
    {
        if (episode == null && !probe.isEnabled())
        {
            return; // no recording wants it: nothing read
        }
        // Volatile read of the consumer's position line: the head it last gave back.
        final long lag = tail - buffer.getLongVolatile(HEAD_OFFSET);
        if (episode == null)
        {
            if (lag > startAbove)
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
     * since the lag is no longer watched.
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
        episode = new SlowConsumerEvent(); // the slow path: far behind, and a recording wants it
        episode.begin();
        maxLag(lag, nextSequence);
        recordsAtStart = records;
        waitsAtStart = waits;
    }

    private void maxLag(final long lag, final long nextSequence)
    {
        maxLagBytes = lag;
        // The consumer's next expected sequence shares the head's line: the records not yet consumed.
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
            event.capacity = file.capacity();
            event.window = window;
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
