package io.mmipc.consumer;

import org.agrona.DirectBuffer;

/**
 * Drops every record, counting bytes.
 */
final class DiscardSink implements Sink
{
    private long bytes;

    @Override
    public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        bytes += length;
    }

    @Override
    public long bytes()
    {
        return bytes;
    }
}
