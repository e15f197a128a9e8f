package io.mmipc.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.signal.StopFlag;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

import static io.mmipc.bridge.FrameDescriptor.*;

/**
 * {@code bridge receive --mailbox}: sends every message that crosses into the local mailbox, as one
 * participant per original sender (named {@code from-PID}), so that each original sender's messages
 * keep their order and their sequence (0, 1, 2, ... as sent) for the receivers on this side. Each
 * message carries its position in the source mailbox; positions only grow, so one at or below the
 * highest already sent on is a resend (of a batch a killed sending bridge's successor got again)
 * and is dropped. The highest sent on is acknowledged after every poll, and every
 * {@link ReceiveBridge#ACK_EVERY_NANOS} so that a restarted sending bridge learns it.
 *
 * <p>Kept in memory: a killed receiving bridge's successor does not know what its predecessor sent
 * on, so the messages it had sent on but not yet acknowledged come again (at least once).
 */
final class MailboxReceiveBridge implements FragmentHandler
{
    private final Path path;
    private final Mailbox.Options options;
    private final Transport transport;
    private final Subscription data;
    private final StopFlag stop;
    private final BridgeStatus status;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final Long2ObjectHashMap<Mailbox> senders = new Long2ObjectHashMap<>();
    private final IdleStrategy idle = Transport.idleStrategy();
    private final ExclusivePublication acks;
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[ACK_LENGTH]);
    private long messages;
    private long duplicates;
    private long last = NOTHING;
    private long acknowledged = NOTHING;
    private long lastAckNanos;

    MailboxReceiveBridge(final Path path, final Mailbox.Options options, final Transport transport, final StopFlag stop,
        final BridgeStatus status)
    {
        this.path = path;
        this.options = options;
        this.transport = transport;
        this.data = transport.subscription();
        this.acks = transport.publication();
        this.stop = stop;
        this.status = status;
    }

    /**
     * Runs until stopped.
     */
    void run()
    {
        try
        {
            while (!stop.requested())
            {
                final int work = transport.invoke() + data.poll(assembler, ReceiveBridge.FRAGMENT_LIMIT);
                final long now = System.nanoTime();
                if (last != acknowledged || now - lastAckNanos > ReceiveBridge.ACK_EVERY_NANOS)
                {
                    putAck(ack, last, 0);
                    if (acks.offer(ack, 0, ACK_LENGTH) > 0)
                    {
                        acknowledged = last;
                        lastAckNanos = now;
                    }
                }
                status.update(messages, last, acknowledged, duplicates, transport, data.isConnected());
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
        finally
        {
            senders.values().forEach(Mailbox::close);
        }
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < MAILBOX_HEADER_LENGTH)
        {
            return;
        }
        final long position = sequence(buffer, offset);
        if (position <= last)
        {
            duplicates++; // sent on already: a resend
            return;
        }
        final long origin = buffer.getLong(offset + ORIGIN_PID_OFFSET);
        Mailbox box = senders.get(origin);
        if (box == null)
        {
            box = Mailbox.create(path, options, "from-" + origin, stop); // once per original sender
            senders.put(origin, box);
        }
        final int payload = length - MAILBOX_HEADER_LENGTH;
        if (box.claim(1) == 0)
        {
            return; // stopped while the mailbox was full
        }
        box.buffer().putBytes(box.payloadOffset(0), buffer, offset + MAILBOX_HEADER_LENGTH, payload);
        box.commit(0, kind(buffer, offset) == END ? RecordLayout.END_OF_STREAM : RecordLayout.DATA, payload);
        box.publish();
        messages++;
        last = position;
    }

    long messages()
    {
        return messages;
    }

    long duplicates()
    {
        return duplicates;
    }
}
