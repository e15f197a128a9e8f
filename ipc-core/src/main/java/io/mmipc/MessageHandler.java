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

    /**
     * Called when the reader takes the writer's END_OF_STREAM marker ({@link ChannelWriter#endOfStream()}):
     * no message follows it in this stream. By default nothing happens; {@link ChannelReader#endOfStream()}
     * says the same after the call that took it.
     */
    default void onEndOfStream()
    {
    }

    /**
     * Called before the reader gives the space of the messages handled so far back to the writer:
     * once this returns, those messages are gone from the channel, and a reader started after a
     * {@code kill -9} of this one begins at {@code nextSequence}. A handler whose output must hold
     * every message exactly once across such a kill makes that output durable here (and remembers
     * {@code nextSequence} with it, to skip what it already holds when messages come again). By
     * default nothing happens.
     *
     * @param nextSequence the sequence after the last message handled.
     */
    default void beforeRelease(final long nextSequence)
    {
    }
}
