package io.mmipc.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
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
 * {@code bridge send --mailbox}: a receiver of the local mailbox that publishes every message, with
 * its original sender's pid and sequence, to the receiving bridge. It takes messages only while the
 * publication is connected, and each batch is published before the mailbox frees its slots, so
 * while both bridges live every message crosses once; a message taken by a bridge that is then
 * killed is lost (at most once), since a mailbox frees a batch when its receiver returns.
 */
final class MailboxSendBridge implements MessageHandler
{
    static final int RECEIVE_LIMIT = 64;

    private final Mailbox box;
    private final Transport transport;
    private final ExclusivePublication publication;
    private final StopFlag stop;
    private final BridgeStatus status;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[MAILBOX_HEADER_LENGTH]);
    private final IdleStrategy idle = Transport.idleStrategy();
    private long sequence;
    private long lost;

    MailboxSendBridge(final Mailbox box, final Transport transport, final StopFlag stop, final BridgeStatus status)
    {
        this.box = box;
        this.transport = transport;
        this.publication = transport.publication();
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
            int work = transport.invoke();
            if (publication.isConnected())
            {
                work += box.receive(this, RECEIVE_LIMIT, Duration.ZERO);
            }
            status.update(sequence, sequence - 1, -1, lost, transport, publication.isConnected());
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
        putDataHeader(header, sequence, sequence, type == RecordLayout.END_OF_STREAM ? END : DATA, 0);
        header.putLong(ORIGIN_PID_OFFSET, senderPid);
        header.putLong(ORIGIN_SEQUENCE_OFFSET, senderSequence);
        while (true)
        {
            final long result = publication.offer(header, 0, MAILBOX_HEADER_LENGTH, buffer, offset, length);
            if (result > 0)
            {
                sequence++;
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || stop.requested())
            {
                lost++; // taken from the mailbox, and cannot be sent: say so at exit
                return;
            }
            transport.invoke(); // back-pressured or reconnecting: the driver must run
        }
    }

    long messages()
    {
        return sequence;
    }

    long lost()
    {
        return lost;
    }
}
