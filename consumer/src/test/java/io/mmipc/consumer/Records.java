package io.mmipc.consumer;

import io.mmipc.core.file.RecordLayout;
import io.mmipc.cli.GeneratedPayload;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Records as a ring hands them to a sink, built in a heap buffer for the sink tests.
 */
final class Records
{
    /** Payloads start here in the buffer, as they do after a record header in the ring. */
    static final int OFFSET = RecordLayout.RECORD_HEADER_LENGTH;

    private Records()
    {
    }

    /** A {@code --source gen} payload of {@code size} bytes for {@code sequence}. */
    static UnsafeBuffer generated(final long sequence, final int size)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + size]);
        GeneratedPayload.write(buffer, OFFSET, size, sequence);
        return buffer;
    }

    static UnsafeBuffer text(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + bytes.length]);
        buffer.putBytes(OFFSET, bytes);
        return buffer;
    }

    /** Hands {@code sink} the DATA record {@code sequence} whose payload is {@code buffer} from {@link #OFFSET}. */
    static void data(final Sink sink, final long sequence, final UnsafeBuffer buffer)
    {
        sink.onMessage(0, sequence, buffer, OFFSET, buffer.capacity() - OFFSET);
    }

    static void endOfStream(final Sink sink, final long sequence)
    {
        sink.onEndOfStream(); // (the END_OF_STREAM record's sequence is not handed over)
    }
}
