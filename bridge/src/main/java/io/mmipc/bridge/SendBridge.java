package io.mmipc.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.ring.RecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.signal.StopFlag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import static io.mmipc.bridge.FrameDescriptor.*;
import static io.mmipc.core.file.ChannelDescriptor.*;

/**
 * The sending bridge's loop: the source channel's consumer in hold mode. It reads records ahead of
 * the head and packs consecutive ones into BATCH messages ({@link FrameDescriptor}), each up to one
 * Aeron frame's payload (a record longer than that goes alone, fragmented by Aeron), so a small
 * record costs a copy, not a message; it gives ring space back
 * ({@link RingConsumer#release}) only through the sequence the receiving bridge acknowledged as
 * committed. It rewinds to the head and sends again (the receiver drops what it has) when the
 * publication fails, when the receiver saw a gap and asks, and when acknowledgements stop coming
 * while records are held. Single-threaded; no allocation per record.
 */
final class SendBridge implements RecordHandler, FragmentHandler
{
    /** Records read from the ring per poll: enough to fill a 64 KiB batch with 64 B records. */
    static final int POLL_LIMIT = 1024;
    /** Held records and no acknowledgement for this long: send again from the head. */
    static final long REWIND_AFTER_NANOS = 2_000_000_000L;
    /** The receiver's rewind requests closer together than this are one request. */
    static final long REWIND_GAP_NANOS = 200_000_000L;
    /** How long an offer may stay back-pressured before the batch is given up and sent again. */
    static final long OFFER_PATIENCE_NANOS = 1_000_000_000L;
    /** How long to wait for the receiving bridge to confirm DONE. */
    static final long DONE_WAIT_NANOS = 5_000_000_000L;

    private final ChannelFile file;
    private final RingConsumer consumer;
    private final Transport transport;
    private final ExclusivePublication publication;
    private final Subscription acks;
    private final StopFlag stop;
    private final BridgeStatus status;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[DATA_HEADER_LENGTH]);
    /** The batch being built: data header, then entries. Room for Aeron's longest message. */
    private final UnsafeBuffer batch;
    /** A batch is sent once the next entry would take it past one frame's payload. */
    private final int batchTarget;
    private int batchLength = DATA_HEADER_LENGTH;
    private int batchCount;
    private long batchFirst;
    private final IdleStrategy idle = Transport.idleStrategy();

    private long acked = NOTHING;
    private boolean rewindAsked;
    private boolean doneConfirmed;
    private boolean broken;
    private boolean endSent;
    private long endSequence = -1;
    private long sentThrough = NOTHING;
    private long highestSent = NOTHING;
    private long records;
    private long resent;
    private long rewinds;
    private long lastProgressNanos;
    private long lastRewindNanos;

    SendBridge(final ChannelFile file, final RingConsumer consumer, final Transport transport, final StopFlag stop,
        final BridgeStatus status)
    {
        this.file = file;
        this.consumer = consumer;
        this.transport = transport;
        this.publication = transport.publication();
        this.acks = transport.subscription();
        this.stop = stop;
        this.status = status;
        this.batch = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(publication.maxMessageLength()));
        this.batchTarget = publication.maxPayloadLength();
    }

    /**
     * @return true if the stream crossed (END acknowledged), false if stopped first.
     */
    boolean run()
    {
        if ((file.flags() & FLAG_END_OF_STREAM) != 0 &&
            file.buffer().getLongVolatile(HEAD_OFFSET) == file.buffer().getLongVolatile(TAIL_OFFSET))
        {
            // The source stream is finished: only an acknowledged END is ever released, so a
            // previous bridge carried it across. Say DONE so the receiving bridge can finish too.
            System.err.println("bridge send: the stream in " + file.path() + " already crossed; telling the receiver");
            return sendDone();
        }
        lastProgressNanos = System.nanoTime();
        while (!stop.requested())
        {
            int work = transport.invoke();
            work += acks.poll(this, 16);
            final long now = System.nanoTime();
            if (acked > consumer.releasedSequence() - 1 && consumer.release(acked) > 0)
            {
                lastProgressNanos = now;
                work++;
            }
            if (endSequence >= 0 && acked >= endSequence && consumer.heldRecords() == 0)
            {
                status.update(records, sentThrough, acked, rewinds, transport, publication.isConnected());
                return sendDone();
            }
            if ((rewindAsked && now - lastRewindNanos > REWIND_GAP_NANOS) ||
                (consumer.heldRecords() > 0 && now - lastProgressNanos > REWIND_AFTER_NANOS))
            {
                rewind(now);
            }
            rewindAsked = false;
            if (!endSent && publication.isConnected())
            {
                work += consumer.poll(this, POLL_LIMIT);
                sendBatch();
                if (broken)
                {
                    rewind(System.nanoTime());
                }
            }
            else
            {
                consumer.yieldToRecovery();
            }
            status.update(records, sentThrough, acked, rewinds, transport, publication.isConnected());
            if (work == 0)
            {
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
        return false;
    }

    private void rewind(final long now)
    {
        batchCount = 0;
        batchLength = DATA_HEADER_LENGTH;
        consumer.leave(); // gives the held permits back and moves the cursor to the head
        broken = false;
        endSent = false;
        sentThrough = consumer.releasedSequence() - 1;
        rewinds++;
        lastRewindNanos = now;
        lastProgressNanos = now;
    }

    private boolean sendDone()
    {
        header.putLong(SEQUENCE_OFFSET, endSequence + 1);
        header.putLong(BASE_OFFSET, endSequence + 1);
        header.putInt(KIND_OFFSET, DONE);
        header.putInt(TYPE_ID_OFFSET, 0);
        final long deadline = System.nanoTime() + DONE_WAIT_NANOS;
        boolean offered = false;
        long nextOffer = 0;
        while (!doneConfirmed && System.nanoTime() - deadline < 0 && !stop.requested())
        {
            transport.invoke();
            acks.poll(this, 16);
            if (System.nanoTime() - nextOffer >= 0 && publication.offer(header, 0, DATA_HEADER_LENGTH) > 0)
            {
                offered = true;
                nextOffer = System.nanoTime() + 100_000_000L; // again every 100 ms until confirmed
            }
            idle.idle();
        }
        if (!doneConfirmed)
        {
            System.err.println("bridge send: the receiving bridge did not confirm DONE" +
                (offered ? "" : " (not connected)") + "; it stops on its own after its --linger");
        }
        return true;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frame)
    {
        if (length < ACK_LENGTH)
        {
            return;
        }
        final long through = ackSequence(buffer, offset);
        final int flags = ackFlags(buffer, offset);
        if (through > acked)
        {
            acked = through;
        }
        if ((flags & REWIND) != 0)
        {
            rewindAsked = true;
        }
        if ((flags & DONE_SEEN) != 0)
        {
            doneConfirmed = true;
        }
    }

    @Override
    public void onRecord(final int type, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        throw new IllegalStateException("the consumer calls the type-id variant");
    }

    @Override
    public void onRecord(final int kind, final int typeId, final long sequence, final DirectBuffer buffer,
        final int offset, final int length)
    {
        if (broken)
        {
            return; // this poll's records are sent again after the rewind
        }
        if (kind != RecordLayout.DATA)
        {
            // END_OF_STREAM: what precedes it goes first, then END as a message of its own
            if (sendBatch())
            {
                putDataHeader(header, sequence, consumer.releasedSequence(), END, typeId);
                if (offer(header, DATA_HEADER_LENGTH))
                {
                    sent(sequence, sequence, 0);
                    endSent = true;
                    endSequence = sequence;
                }
            }
            return;
        }
        final int entry = entryLength(length);
        if (batchCount > 0 && batchLength + entry > batchTarget && !sendBatch())
        {
            return;
        }
        if (batchCount == 0)
        {
            batchFirst = sequence;
        }
        batchLength = putEntry(batch, batchLength, typeId, buffer, offset, length);
        batchCount++;
    }

    /**
     * Sends the batch built so far, if any.
     *
     * @return false if it could not be sent: the bridge is broken and rewinds.
     */
    private boolean sendBatch()
    {
        if (batchCount == 0)
        {
            return !broken;
        }
        putDataHeader(batch, batchFirst, consumer.releasedSequence(), BATCH, batchCount);
        final boolean sent = offer(batch, batchLength);
        if (sent)
        {
            sent(batchFirst, batchFirst + batchCount - 1, batchCount);
        }
        batchCount = 0;
        batchLength = DATA_HEADER_LENGTH;
        return sent;
    }

    private boolean offer(final DirectBuffer message, final int length)
    {
        final long deadline = System.nanoTime() + OFFER_PATIENCE_NANOS;
        while (true)
        {
            final long result = publication.offer(message, 0, length);
            if (result > 0)
            {
                return true;
            }
            if ((result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION) ||
                System.nanoTime() - deadline >= 0 || stop.requested())
            {
                broken = true; // not connected, closed, or stuck: send again from the head later
                return false;
            }
            // Back-pressured: the driver must run to send and to hear the receiver; while it has
            // nothing to do, park as an idle bridge does (spinning here takes the CPU the far side
            // and the local daemons need on a small host).
            if (transport.invoke() == 0)
            {
                idle.idle();
            }
        }
    }

    /** Counts sequences first..last as sent; {@code data} of them are records (END is not). */
    private void sent(final long first, final long last, final int data)
    {
        if (first <= highestSent)
        {
            resent += Math.min(last, highestSent) - first + 1;
        }
        if (last > highestSent)
        {
            records += Math.min(data, last - highestSent);
            highestSent = last;
        }
        sentThrough = last;
    }

    long records()
    {
        return records;
    }

    long resent()
    {
        return resent;
    }

    long rewinds()
    {
        return rewinds;
    }

    long acked()
    {
        return acked;
    }
}
