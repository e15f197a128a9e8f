package io.mmipc.bridge;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.mmipc.core.ExitCodes;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.MmipcException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import static io.mmipc.bridge.FrameDescriptor.*;

/**
 * The receiving bridge's loop: the destination channel's producer. It commits the data messages
 * into the channel one for one and in source order, publishes them (flush), and only then
 * acknowledges the highest source sequence committed. A message at or below that sequence is a
 * resend and is dropped (and acknowledged again, so the sender releases it); one beyond the next
 * expected means messages were lost with a dead process: it is dropped and the sender is asked to
 * rewind. Single-threaded; no allocation per message.
 */
final class ReceiveBridge implements ControlledFragmentHandler
{
    /** Fragments per poll. */
    static final int FRAGMENT_LIMIT = 256;
    /** An acknowledgement goes out at least this often, so a restarted sender learns where it stands. */
    static final long ACK_EVERY_NANOS = 50_000_000L;
    /**
     * While data keeps coming, new records are acknowledged at most this often: an ack is a datagram
     * each way through both drivers, and the sender's ring (megabytes) covers far more than this.
     */
    static final long ACK_COALESCE_NANOS = 100_000L;
    /** After DONE, keep confirming it this long before exiting. */
    static final long DONE_LINGER_NANOS = 300_000_000L;

    private final ChannelEndpoint endpoint;
    private final RingProducer producer;
    private final Ledger ledger;
    private final Transport transport;
    private final ExclusivePublication acks;
    private final Subscription data;
    private final StopFlag stop;
    private final BridgeStatus status;
    private final long lingerNanos;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[ACK_LENGTH]);
    private final IdleStrategy idle = Transport.idleStrategy();

    private long committed = NOTHING;
    private boolean ended;
    private boolean done;
    private boolean gap;
    private boolean pending;
    private long records;
    private long duplicates;
    private long acknowledged = Long.MIN_VALUE;
    private long lastAckNanos;

    ReceiveBridge(final ChannelEndpoint endpoint, final Ledger ledger, final Transport transport, final StopFlag stop,
        final BridgeStatus status, final long lingerNanos)
    {
        this.endpoint = endpoint;
        this.producer = endpoint.producer();
        this.ledger = ledger;
        this.transport = transport;
        this.acks = transport.publication();
        this.data = transport.subscription();
        this.stop = stop;
        this.status = status;
        this.lingerNanos = lingerNanos;
        resume();
    }

    /**
     * Works out, from the ledger and the destination channel, the last source sequence committed.
     */
    private void resume()
    {
        final long next = producer.nextSequence();
        if (!ledger.present())
        {
            if (endpoint.streamEndPending())
            {
                throw endpoint.finishedStreamError();
            }
            return; // no mapping yet: it starts at the first record the sender holds
        }
        if (endpoint.streamEndPending() || (ledger.end() != Ledger.NO_END && next != ledger.offset() + ledger.end()))
        {
            if (ledger.end() == Ledger.NO_END)
            {
                throw new MmipcException(endpoint.file().path() + " holds the end of a stream that " + ledger.path() +
                    " does not record; run a consumer to drain it, or remove both files", ExitCodes.BAD_CHANNEL);
            }
            // END was committed (and perhaps read, which starts the destination's next stream at 0)
            ended = true;
            committed = ledger.end();
            System.err.println("bridge receive: END_OF_STREAM (source sequence " + committed + ") is already " +
                "committed; waiting for the sending bridge's DONE (remove " + ledger.path() + " to bridge a new stream)");
            return;
        }
        committed = next - 1 - ledger.offset();
    }

    /**
     * @return true once the sender said DONE after END was committed; false if stopped first, or
     *         if END was committed but the sender did not say DONE within the linger.
     */
    boolean run()
    {
        long endedAt = ended ? System.nanoTime() : 0;
        while (!stop.requested())
        {
            final int polled = data.controlledPoll(assembler, FRAGMENT_LIMIT);
            final int fragments = transport.invoke() + polled;
            if (pending)
            {
                producer.flush(); // published: only now may the sender give these records up
                pending = false;
            }
            else
            {
                producer.flush(); // a safe point: steps aside if a recovery of the channel asks
            }
            final long now = System.nanoTime();
            if (ended && endedAt == 0)
            {
                endedAt = now;
            }
            if (done)
            {
                finish();
                return true;
            }
            sendAck(now, polled == 0);
            status.update(records, committed, acknowledged, duplicates, transport, data.isConnected());
            if (ended && now - endedAt > lingerNanos && data.imageCount() == 0)
            {
                System.err.println("bridge receive: END_OF_STREAM committed, but the sending bridge left without " +
                    "saying DONE; " + ledger.path() + " stays, so that a sender restarted on this stream does not " +
                    "commit it twice");
                return false;
            }
            if (fragments == 0)
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

    private void finish()
    {
        ledger.remove();
        final long until = System.nanoTime() + DONE_LINGER_NANOS;
        long nextAck = 0;
        while (System.nanoTime() - until < 0 && !stop.requested())
        {
            transport.invoke();
            final long now = System.nanoTime();
            if (now - nextAck >= 0 && acks.offer(ackWith(committed, DONE_SEEN), 0, ACK_LENGTH) > 0)
            {
                nextAck = now + 50_000_000L;
            }
            idle.idle();
        }
    }

    private UnsafeBuffer ackWith(final long through, final int flags)
    {
        putAck(ack, through, flags);
        return ack;
    }

    /**
     * Acknowledges what is committed, coalesced: new records at most every {@link #ACK_COALESCE_NANOS}
     * while data keeps coming, at once when the stream goes quiet; a gap at once; the same
     * acknowledgement again every {@link #ACK_EVERY_NANOS}.
     */
    private void sendAck(final long now, final boolean quiet)
    {
        final long since = now - lastAckNanos;
        if (!gap && since < ACK_EVERY_NANOS &&
            (committed == acknowledged || (!quiet && since < ACK_COALESCE_NANOS)))
        {
            return;
        }
        if (acks.offer(ackWith(committed, gap ? REWIND : 0), 0, ACK_LENGTH) > 0)
        {
            acknowledged = committed;
            gap = false;
            lastAckNanos = now;
        }
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < DATA_HEADER_LENGTH)
        {
            return Action.CONTINUE;
        }
        final long sequence = sequence(buffer, offset);
        final int kind = kind(buffer, offset);
        if (kind == DONE)
        {
            if (ended || !ledger.present())
            {
                done = true;
                return Action.BREAK;
            }
            return Action.CONTINUE; // cannot be: DONE follows an acknowledged END
        }
        if (!ledger.present())
        {
            if (sequence != base(buffer, offset))
            {
                gap = true; // joined mid-stream: have the sender start again from its head
                return Action.CONTINUE;
            }
            ledger.start(producer.nextSequence(), sequence); // before the first commit of the mapping
            committed = sequence - 1;
        }
        if (kind == END)
        {
            if (sequence <= committed || ended)
            {
                duplicates++;
                return Action.CONTINUE;
            }
            if (sequence != committed + 1)
            {
                gap = true;
                return Action.CONTINUE;
            }
            ledger.ending(sequence); // before the commit: a finished destination stream restarts at 0
            if (!producer.tryEndOfStream())
            {
                return Action.ABORT; // the ring is full: again at the next poll
            }
            committed = sequence;
            ended = true;
            return Action.BREAK;
        }
        return kind == BATCH ? onBatch(sequence, count(buffer, offset), buffer, offset, length) : Action.CONTINUE;
    }

    /**
     * Commits a batch's records after {@link #committed}, in order, and drops those at or before it
     * (a resend, or the rest of a batch whose first records went in before the ring filled).
     */
    private Action onBatch(final long first, final int count, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long last = first + count - 1;
        if (last <= committed || ended)
        {
            duplicates += count;
            return Action.CONTINUE;
        }
        if (first > committed + 1)
        {
            gap = true;
            return Action.CONTINUE;
        }
        final int limit = offset + length;
        int entry = offset + DATA_HEADER_LENGTH;
        for (long sequence = first; sequence <= last && entry < limit; sequence++)
        {
            final int payload = entryPayloadLength(buffer, entry);
            if (sequence > committed)
            {
                final int at = producer.claim(entryTypeId(buffer, entry), payload, 0);
                if (at < 0)
                {
                    // The ring is full: this message comes again at the next poll, after the flush;
                    // the records committed from it are then dropped as already committed.
                    return Action.ABORT;
                }
                producer.buffer().putBytes(at, buffer, entry + ENTRY_HEADER_LENGTH, payload);
                producer.commit();
                committed = sequence;
                records++;
                pending = true;
            }
            entry += entryLength(payload);
        }
        return Action.CONTINUE;
    }

    long records()
    {
        return records;
    }

    long duplicates()
    {
        return duplicates;
    }

    long committed()
    {
        return committed;
    }
}
