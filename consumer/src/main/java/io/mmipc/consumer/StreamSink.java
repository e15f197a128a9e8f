package io.mmipc.consumer;

import org.agrona.DirectBuffer;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes payloads back to back to an output stream (stdout), through a 64 KiB buffer flushed
 * before every wait, so a reader downstream sees data as soon as the channel runs dry.
 */
class StreamSink implements Sink
{
    private final byte[] scratch;
    private OutputStream out;
    private long bytes;

    StreamSink(final int maxRecordLength)
    {
        this(maxRecordLength, new FileOutputStream(FileDescriptor.out));
    }

    StreamSink(final int maxRecordLength, final OutputStream target)
    {
        this.scratch = new byte[maxRecordLength];
        this.out = new BufferedOutputStream(target, 64 * 1024);
    }

    @Override
    public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.getBytes(offset, scratch, 0, length);
        try
        {
            out.write(scratch, 0, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing output: " + ex.getMessage(), ex);
        }
        bytes += length;
    }

    @Override
    public void flush()
    {
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing output: " + ex.getMessage(), ex);
        }
    }

    /**
     * Replaces the output stream after flushing and closing the old one.
     *
     * @param target the new stream.
     */
    void replace(final OutputStream target)
    {
        // Not close(): a subclass's close() ends more than the stream (FileSink's closes its offset record).
        closeStream();
        out = new BufferedOutputStream(target, 64 * 1024);
    }

    @Override
    public long bytes()
    {
        return bytes;
    }

    @Override
    public void close()
    {
        closeStream();
    }

    private void closeStream()
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("closing output: " + ex.getMessage(), ex);
        }
    }
}
