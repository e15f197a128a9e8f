package io.mmipc.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.mailbox.MessageHandler;
import io.mmipc.core.signal.StopFlag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;

import static io.mmipc.bridge.FrameDescriptor.*;

/**
 * {@code bridge send --mailbox}: a <em>durable</em> receiver of the local mailbox (named
 * {@link #NAME}) that publishes every message, with its original sender's pid and sequence and its
 * position in the mailbox, to the receiving bridge, and lets the mailbox free a batch only once the
 * receiving bridge acknowledged every message of it as sent on into its own mailbox
 * ({@link MessageHandler#beforeRelease} waits for that acknowledgement). Killed, the bridge leaves
 * its last batch claimed; its successor (same name) gets that batch again from the mailbox and sends
 * it again, and the receiving bridge drops the positions it has already sent on. So each message
 * crosses exactly once across a {@code kill -9} of this bridge. The positions of one receiver's
 * claims only grow, so "every position up to the highest acknowledged" names what crossed.
 */
final class MailboxSendBridge implements MessageHandler, FragmentHandler
{
    /** The durable receiver's name: a successor of the same name inherits a killed bridge's last batch. */
    static final String NAME = "bridge-send";
    /** Messages per receive (one claim of the mailbox). */
    static final int RECEIVE_LIMIT = 64;
    /** A batch unacknowledged this long is sent again (the receiving bridge may have restarted). */
    static final long RESEND_AFTER_NANOS = 1_000_000_000L;
    /** Stopped while a batch waits for its acknowledgement: wait this much longer before giving it up. */
    static final long STOP_PATIENCE_NANOS = 5_000_000_000L;

    private final Mailbox box;
    private final Transport transport;
    private final ExclusivePublication publication;
    private final Subscription acks;
    private final StopFlag stop;
    private final BridgeStatus status;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[MAILBOX_HEADER_LENGTH]);
    private final IdleStrategy idle = Transport.idleStrategy();
    // The batch being handed over: where each message is in the mapping (its slot is not freed before
    // beforeRelease returns), so that it can be sent again until acknowledged.
    private final int[] types = new int[RECEIVE_LIMIT];
    private final long[] pids = new long[RECEIVE_LIMIT];
    private final long[] sequences = new long[RECEIVE_LIMIT];
    private final long[] positions = new long[RECEIVE_LIMIT];
    private final int[] offsets = new int[RECEIVE_LIMIT];
    private final int[] lengths = new int[RECEIVE_LIMIT];
    private DirectBuffer mapping;
    private int batch;
    private long acked = NOTHING;
    private long messages;
    private long resent;
    private long lost;

    MailboxSendBridge(final Mailbox box, final Transport transport, final StopFlag stop, final BridgeStatus status)
    {
        this.box = box;
        this.transport = transport;
        this.publication = transport.publication();
        this.acks = transport.subscription();
        this.stop = stop;
        this.status = status;
    }

    /**
     * Runs until stopped: a mailbox has no end of its own (END_OF_STREAM messages cross like others).
     */
    void run()
    {
        while (!stop.requested())
        {
            int work = transport.invoke() + acks.poll(this, 16);
            if (publication.isConnected())
            {
                work += box.receive(this, RECEIVE_LIMIT, Duration.ZERO);
            }
            status.update(messages, messages - 1, acked, lost, transport, publication.isConnected());
            if (work == 0)
            {
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
    }

    @Override
    public void onMessage(final int type, final long senderPid, final long senderSequence, final DirectBuffer buffer,
        final int offset, final int length, final long position)
    {
        mapping = buffer;
        final int i = batch++;
        types[i] = type;
        pids[i] = senderPid;
        sequences[i] = senderSequence;
        positions[i] = position;
        offsets[i] = offset;
        lengths[i] = length;
        send(i); // if it cannot be sent now, beforeRelease sends it again
        messages++;
    }

    /**
     * Waits until the receiving bridge acknowledged the whole batch, sending it again while it does
     * not; only then may the mailbox free the batch's slots.
     */
    @Override
    public void beforeRelease()
    {
        if (batch == 0)
        {
            return;
        }
        final long last = positions[batch - 1];
        long sentAt = System.nanoTime();
        long giveUpAt = 0;
        while (acked < last)
        {
            int work = transport.invoke() + acks.poll(this, 16);
            final long now = System.nanoTime();
            if (stop.requested())
            {
                if (giveUpAt == 0)
                {
                    giveUpAt = now + STOP_PATIENCE_NANOS;
                }
                else if (now - giveUpAt > 0)
                {
                    lost += unacknowledged();
                    System.err.println("bridge send: stopped with " + unacknowledged() + " messages not acknowledged " +
                        "by the receiving bridge; they are freed in the mailbox and may not have crossed");
                    break;
                }
            }
            if (now - sentAt > RESEND_AFTER_NANOS && publication.isConnected())
            {
                for (int i = 0; i < batch; i++)
                {
                    if (positions[i] > acked)
                    {
                        send(i);
                        resent++;
                    }
                }
                sentAt = now;
                work++;
            }
            status.update(messages, messages - 1, acked, lost, transport, publication.isConnected());
            if (work == 0)
            {
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
        batch = 0;
    }

    private int unacknowledged()
    {
        int n = 0;
        for (int i = 0; i < batch; i++)
        {
            n += positions[i] > acked ? 1 : 0;
        }
        return n;
    }

    /**
     * Offers message {@code i} of the batch, waiting while back-pressured.
     */
    private void send(final int i)
    {
        putDataHeader(header, positions[i], positions[i], types[i] == RecordLayout.END_OF_STREAM ? END : DATA, 0);
        header.putLong(ORIGIN_PID_OFFSET, pids[i]);
        header.putLong(ORIGIN_SEQUENCE_OFFSET, sequences[i]);
        while (!stop.requested())
        {
            final long result = publication.offer(header, 0, MAILBOX_HEADER_LENGTH, mapping, offsets[i], lengths[i]);
            if (result > 0 || result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                return; // sent, or sent again later (beforeRelease) until acknowledged
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

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frame)
    {
        if (length >= ACK_LENGTH)
        {
            acked = Math.max(acked, ackSequence(buffer, offset));
        }
    }

    long messages()
    {
        return messages;
    }

    long resent()
    {
        return resent;
    }

    long lost()
    {
        return lost;
    }
}
