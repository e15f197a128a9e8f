package io.mmipc;

import org.agrona.DirectBuffer;

/**
 * Receives messages from a {@link ChannelReader}, in the writer's order, on the reading thread.
 */
@FunctionalInterface
public interface MessageHandler
{
    /**
     * Handles one message, read in place in the mapped file: copy out what must outlive the call.
     *
     * @param typeId   the message type id the writer gave.
     * @param sequence the message's sequence in the stream: 0, 1, 2, ... with no gap.
     * @param buffer   holds the payload; valid only during the call (its space goes back to the writer).
     * @param offset   of the payload in {@code buffer}.
     * @param length   of the payload.
     */
    void onMessage(int typeId, long sequence, DirectBuffer buffer, int offset, int length);
}
