package io.mmipc;

import org.agrona.DirectBuffer;

import java.time.Duration;

/**
 * Receives messages from {@link Mailbox#receive(MailboxHandler, int, Duration)} without a copy: the
 * payload is read in place, in the mapped file, and is only valid during the call (its slot is freed
 * for senders after the batch). Called on the receiving thread.
 */
@FunctionalInterface
public interface MailboxHandler
{
    /**
     * Handles one message, read in place: copy out what must outlive the call.
     *
     * @param typeId         the application's message type id (0 if the sender set none).
     * @param senderPid      the sender's pid.
     * @param senderSequence 0 for a sender's first message, then 1, 2, ...
     * @param buffer         the mapping.
     * @param offset         of the payload in {@code buffer}.
     * @param length         of the payload.
     */
    void onMessage(int typeId, long senderPid, long senderSequence, DirectBuffer buffer, int offset, int length);

    /**
     * The call the mailbox makes for each message; by default it forwards to
     * {@link #onMessage(int, long, long, DirectBuffer, int, int)}. A durable receiver (see
     * {@link MailboxOptions#durable()}) overrides this one: after a {@code kill -9} its successor is
     * handed the batch again, and {@code position}, unique for the mailbox's life, tells it which
     * messages its predecessor already handled.
     *
     * @param typeId         the application's message type id (0 if the sender set none).
     * @param senderPid      the sender's pid.
     * @param senderSequence 0 for a sender's first message, then 1, 2, ...
     * @param buffer         the mapping.
     * @param offset         of the payload in {@code buffer}; {@link Mailbox#senderName} and
     *                       {@link Mailbox#senderNameHash} read the sender's name from it.
     * @param length         of the payload.
     * @param position       the message's position in the mailbox.
     */
    default void onMessage(final int typeId, final long senderPid, final long senderSequence, final DirectBuffer buffer,
        final int offset, final int length, final long position)
    {
        onMessage(typeId, senderPid, senderSequence, buffer, offset, length);
    }

    /**
     * Called after the batch's messages and before their slots are freed: once this returns they are
     * gone from the mailbox. A durable receiver makes its output durable here. By default nothing
     * happens.
     */
    default void beforeRelease()
    {
    }

    /**
     * Called for an END_OF_STREAM marker ({@link Mailbox#sendEndOfStream()}) taken in the batch: by
     * convention it tells the one receiver that takes it to stop. By default nothing happens (the
     * marker is counted in the batch's return value all the same).
     *
     * @param senderPid      the sender's pid.
     * @param senderSequence the marker's place in that sender's order.
     */
    default void onEndOfStream(final long senderPid, final long senderSequence)
    {
    }
}
