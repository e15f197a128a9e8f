package io.mmipc.core.mailbox;

import org.agrona.DirectBuffer;

/**
 * Receives the messages of one {@link MailboxQueue#tryReceive} batch, in position order. The payload
 * is valid only during the call: its slot is freed for senders after the batch.
 */
@FunctionalInterface
public interface MessageHandler
{
    /**
     * @param type           {@link io.mmipc.core.file.RecordLayout#DATA} or
     *                       {@link io.mmipc.core.file.RecordLayout#END_OF_STREAM}.
     * @param senderPid      the sender's pid.
     * @param senderSequence 0 for a sender's first message, then 1, 2, ...
     * @param buffer         the mapping.
     * @param offset         of the payload; the sender's name is at {@link MailboxQueue#senderName}.
     * @param length         of the payload.
     * @param position       the message's position in the mailbox, unique for its life.
     */
    void onMessage(int type, long senderPid, long senderSequence, DirectBuffer buffer, int offset, int length,
        long position);

    /**
     * Called after the batch's messages and before their slots are freed: once this returns the
     * messages are gone from the mailbox. A durable receiver makes its output durable here.
     */
    default void beforeRelease()
    {
    }
}
