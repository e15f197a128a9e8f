package io.mmipc.consumer;

import org.agrona.DirectBuffer;

/**
 * A sink that starts a clock at the first DATA record it is handed, for the consumer's throughput
 * line ("timed from its first record"). Timing the poll loop instead would start the clock after
 * the first batch: a stream that arrives in one batch (50 MB of stdin in 800 records, say) would
 * then report 0 s.
 */
final class TimedSink implements Sink
{
    private final Sink sink;
    private long firstNanos;
    private boolean started;

    TimedSink(final Sink sink)
    {
        this.sink = sink;
    }

    @Override
    public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (!started)
        {
            started = true;
            firstNanos = System.nanoTime();
        }
        sink.onMessage(typeId, sequence, buffer, offset, length);
    }

    @Override
    public void onEndOfStream()
    {
        sink.onEndOfStream();
    }

    /**
     * @param nowNanos {@link System#nanoTime()} at the end.
     * @return nanoseconds from the first DATA record to {@code nowNanos}, or 0 if none came.
     */
    long elapsedNanos(final long nowNanos)
    {
        return started ? nowNanos - firstNanos : 0;
    }

    @Override
    public void beforeRelease(final long nextSequence)
    {
        sink.beforeRelease(nextSequence);
    }

    @Override
    public void flush()
    {
        sink.flush();
    }

    @Override
    public long bytes()
    {
        return sink.bytes();
    }

    @Override
    public void close()
    {
        sink.close();
    }
}
