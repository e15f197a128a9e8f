package io.mmipc.consumer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static io.mmipc.consumer.Records.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code --sink stdout}: payloads back to back, buffered until a flush, and an I/O error that
 * becomes exit 74 (an {@link UncheckedIOException}).
 */
class StreamSinkTest
{
    private static String text(final ByteArrayOutputStream out)
    {
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void writesDataPayloadsBackToBackAndSkipsOtherRecords()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StreamSink sink = new StreamSink(64, out);
        data(sink, 0, Records.text("one"));
        endOfStream(sink, 1);
        data(sink, 1, Records.text("two"));
        sink.flush();
        assertEquals("onetwo", text(out));
        assertEquals(6, sink.bytes());
    }

    @Test
    void holdsOutputUntilFlushedAndWritesOnlyThePayload()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StreamSink sink = new StreamSink(64, out);
        final UnsafeBuffer record = Records.text("payload-and-more");
        sink.onMessage(0, 0, record, OFFSET, 7);
        assertEquals("", text(out), "buffered until the consumer is about to wait");
        sink.flush();
        assertEquals("payload", text(out));
        assertEquals(7, sink.bytes());
    }

    @Test
    void recordsLargerThanTheBufferPassWhole()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int size = 200 * 1024;
        final StreamSink sink = new StreamSink(size, out);
        final UnsafeBuffer big = Records.generated(7, size);
        data(sink, 7, big);
        sink.close();
        final byte[] expected = new byte[size];
        big.getBytes(OFFSET, expected);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void replaceFlushesTheOldStreamAndWritesToTheNewOne()
    {
        final ByteArrayOutputStream first = new ByteArrayOutputStream();
        final ByteArrayOutputStream second = new ByteArrayOutputStream();
        final StreamSink sink = new StreamSink(16, first);
        data(sink, 0, Records.text("a"));
        sink.replace(second);
        data(sink, 1, Records.text("b"));
        sink.flush();
        assertEquals("a", text(first));
        assertEquals("b", text(second));
        assertEquals(2, sink.bytes());
    }

    @Test
    void writeErrorsAreUncheckedIoErrorsSoTheDaemonExits74()
    {
        final OutputStream full = new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                throw new IOException("No space left on device");
            }
        };
        final StreamSink sink = new StreamSink(128 * 1024, full);
        data(sink, 0, Records.text("x"));
        final UncheckedIOException flush = assertThrows(UncheckedIOException.class, sink::flush);
        assertTrue(flush.getMessage().contains("writing output: No space left on device"), flush.getMessage());
        final UncheckedIOException write = assertThrows(UncheckedIOException.class,
            () -> data(sink, 1, Records.generated(1, 100 * 1024)));
        assertTrue(write.getMessage().startsWith("writing output"), write.getMessage());
        assertThrows(UncheckedIOException.class, sink::close);
    }
}
