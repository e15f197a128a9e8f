package io.mmipc.core.ring;

import org.agrona.DirectBuffer;

/**
 * A {@link RecordHandler} that takes each record's kind and application type id apart, as the
 * consumer hands them over; the type-less call is never made to it.
 */
@FunctionalInterface
public interface TypedRecordHandler extends RecordHandler
{
    /**
     * Not called: the consumer calls {@link #onRecord(int, int, long, DirectBuffer, int, int)}.
     *
     * @throws IllegalStateException always.
     */
    @Override
    default void onRecord(final int type, final long sequence, final DirectBuffer buffer, final int offset,
        final int length)
    {
        throw new IllegalStateException("the consumer calls the type-id variant");
    }

    @Override
    void onRecord(int kind, int typeId, long sequence, DirectBuffer buffer, int offset, int length);
}
