package io.mmipc.core.mailbox;

import org.agrona.DirectBuffer;

/**
 * Turns one received message into a {@link Message}, for the byte-array API ({@link Mailbox#receive(java.time.Duration)}).
 */
final class MessageCollector implements MessageHandler
{
    Message message;

    @Override
    public void onMessage(final int type, final long senderPid, final long senderSequence, final DirectBuffer buffer,
        final int offset, final int length, final long position)
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        message = new Message(type, senderPid, MailboxQueue.senderName(buffer, offset), senderSequence, payload);
    }
}
