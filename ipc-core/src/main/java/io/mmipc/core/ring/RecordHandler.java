package io.mmipc.core.ring;

import org.agrona.DirectBuffer;

/**
 * Receives records from a {@link RingConsumer}, in ring order. The payload is only valid during the
 * call: its space is given back to the producer after the batch.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * @param type     {@link io.mmipc.core.file.RecordLayout#DATA} or
     *                 {@link io.mmipc.core.file.RecordLayout#END_OF_STREAM}.
     * @param sequence the producer-assigned sequence.
     * @param buffer   the mapping.
     * @param offset   of the payload in {@code buffer}.
     * @param length   of the payload.
     */
    void onRecord(int type, long sequence, DirectBuffer buffer, int offset, int length);

    /**
     * The call the consumer makes; handlers that use message type ids override it. By default the
     * type id is dropped and {@link #onRecord(int, long, DirectBuffer, int, int)} is called.
     *
     * @param kind     {@link io.mmipc.core.file.RecordLayout#DATA} or
     *                 {@link io.mmipc.core.file.RecordLayout#END_OF_STREAM}.
     * @param typeId   the application's message type id (0 if it sets none).
     * @param sequence the producer-assigned sequence.
     * @param buffer   the mapping.
     * @param offset   of the payload in {@code buffer}.
     * @param length   of the payload.
     */
    default void onRecord(final int kind, final int typeId, final long sequence, final DirectBuffer buffer,
        final int offset, final int length)
    {
        onRecord(kind, sequence, buffer, offset, length);
    }

    /**
     * Called before the consumer publishes its head and gives the space of the records handled so
     * far back to the producer: after this returns those records are gone from the ring. A sink
     * that must survive {@code kill -9} without loss makes its output durable up to here.
     *
     * @param nextSequence the sequence after the last DATA record handled.
     */
    default void beforeRelease(final long nextSequence)
    {
    }
}
