package io.mmipc.consumer;

import io.mmipc.core.file.RecordLayout;
import org.agrona.DirectBuffer;

/**
 * Drops every record, counting bytes.
 */
final class DiscardSink implements Sink
{
    private long bytes;

    @Override
    public void onRecord(final int type, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == RecordLayout.DATA)
        {
            bytes += length;
        }
    }

    @Override
    public long bytes()
    {
        return bytes;
    }
}
