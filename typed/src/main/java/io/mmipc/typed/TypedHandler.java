package io.mmipc.typed;

/**
 * Receives typed messages from {@link TypedReader#poll}, each read into the same reused object.
 *
 * @param <T> the message class.
 */
@FunctionalInterface
public interface TypedHandler<T>
{
    /**
     * Handles one message, already read into the reused object, on the reading thread.
     *
     * @param typeId   the message type id the writer gave.
     * @param sequence the message's sequence.
     * @param message  the reused object, holding this message until the next call.
     */
    void onMessage(int typeId, long sequence, T message);
}
