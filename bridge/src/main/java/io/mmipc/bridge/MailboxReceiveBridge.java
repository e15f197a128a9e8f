package io.mmipc.bridge;

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

import java.nio.file.Path;

import static io.mmipc.bridge.FrameDescriptor.*;

/**
 * {@code bridge receive --mailbox}: sends every message that crosses into the local mailbox, as one
 * participant per original sender (named {@code from-PID}), so that each original sender's messages
 * keep their order and their sequence (0, 1, 2, ... as sent) for the receivers on this side.
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
    private long messages;
    private long last = -1;

    MailboxReceiveBridge(final Path path, final Mailbox.Options options, final Transport transport, final StopFlag stop,
        final BridgeStatus status)
    {
        this.path = path;
        this.options = options;
        this.transport = transport;
        this.data = transport.subscription();
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
                status.update(messages, last, last, 0, transport, data.isConnected());
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
        last = sequence(buffer, offset);
    }

    long messages()
    {
        return messages;
    }
}
