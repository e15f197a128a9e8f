package io.mmipc;

import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.ring.RingProducer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;

/**
 * The writing side of a {@link Channel}: one per channel, used by one thread at a time.
 *
 * <p>Every call that writes returns the message's sequence (0, 1, 2, ...) or a negative status:
 * {@link #BACK_PRESSURED} (the ring is full: the reader is behind), {@link #TIMED_OUT} or
 * {@link #CLOSED}. Messages are published to the reader in batches ({@link ChannelOptions#batch()});
 * {@link #flush()} publishes at once, and every wait and {@link #close()} flush first.
 */
public final class ChannelWriter implements AutoCloseable
{
    /** The ring is full; try again later. */
    public static final long BACK_PRESSURED = -2;
    /** No space came before the deadline. */
    public static final long TIMED_OUT = -3;
    /** The channel was closed (or a stop was requested) before the message could be written. */
    public static final long CLOSED = -4;

    private final ChannelEndpoint endpoint;
    private final RingProducer producer;
    private final WriteClaim claim;
    private final SideGuard guard;

    ChannelWriter(final ChannelEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.producer = endpoint.producer();
        this.claim = new WriteClaim(producer);
        this.guard = new SideGuard(endpoint);
    }

    /**
     * Copies a message into the ring if there is room now; never waits.
     *
     * @param typeId message type id, 0 to 16,777,215, given to the reader.
     * @param src    the payload.
     * @param offset in {@code src}.
     * @param length payload bytes, up to {@link #maxMessageLength()}.
     * @return the sequence, or {@link #BACK_PRESSURED} or {@link #CLOSED}.
     */
    public long offer(final int typeId, final DirectBuffer src, final int offset, final int length)
    {
        return copy(typeId, src, offset, length, 0);
    }

    /**
     * Copies a message into the ring, waiting for room up to {@code timeout}.
     *
     * @return the sequence, or {@link #TIMED_OUT} or {@link #CLOSED}.
     */
    public long write(final int typeId, final DirectBuffer src, final int offset, final int length,
        final Duration timeout)
    {
        return copy(typeId, src, offset, length, deadline(timeout));
    }

    /**
     * Copies a message from a byte array, waiting for room up to {@code timeout}.
     *
     * @return the sequence, or {@link #TIMED_OUT} or {@link #CLOSED}.
     */
    public long write(final int typeId, final byte[] src, final int offset, final int length, final Duration timeout)
    {
        final long status = claim(typeId, length, deadline(timeout));
        if (status < 0)
        {
            return status;
        }
        claim.buffer().putBytes(claim.offset(), src, offset, length);
        return claim.commit();
    }

    private long copy(final int typeId, final DirectBuffer src, final int offset, final int length, final long deadline)
    {
        final long status = claim(typeId, length, deadline);
        if (status < 0)
        {
            return status;
        }
        claim.buffer().putBytes(claim.offset(), src, offset, length);
        return claim.commit();
    }

    /**
     * Claims room for a message of {@code length} bytes to be written in place (zero copy): write
     * the payload into {@link WriteClaim#buffer()} at {@link WriteClaim#offset()}, then
     * {@link WriteClaim#commit()} or {@link WriteClaim#abort()}. Never waits.
     *
     * @return the {@link WriteClaim} (this writer's one, reused), or null if back-pressured or closed.
     */
    public WriteClaim tryClaim(final int typeId, final int length)
    {
        return claim(typeId, length, 0) < 0 ? null : claim;
    }

    /**
     * Claims room for a message written in place, waiting for it up to {@code timeout}.
     *
     * @return the {@link WriteClaim} (this writer's one, reused), or null on timeout or when closed.
     */
    public WriteClaim claim(final int typeId, final int length, final Duration timeout)
    {
        return claim(typeId, length, deadline(timeout)) < 0 ? null : claim;
    }

    private long claim(final int typeId, final int length, final long deadline)
    {
        if (!guard.usable())
        {
            return CLOSED;
        }
        final int at = producer.claim(typeId, length, deadline);
        if (at < 0)
        {
            if (endpoint.waiter().stopRequested())
            {
                guard.usable(); // a close asked for meanwhile is carried out now, on this thread
                return CLOSED;
            }
            return deadline == 0 ? BACK_PRESSURED : TIMED_OUT;
        }
        claim.wrap(at, length);
        return 0;
    }

    private static long deadline(final Duration timeout)
    {
        final long nanos = timeout.toNanos();
        return nanos <= 0 ? 0 : System.nanoTime() + nanos;
    }

    /**
     * Publishes every message written so far to the reader.
     */
    public void flush()
    {
        if (guard.usable())
        {
            producer.flush();
        }
    }

    /**
     * Ends the stream: the reader sees {@link ChannelReader#endOfStream()} after the last message,
     * and a writer opened later starts a new stream at sequence 0.
     *
     * @return false if the channel was closed before the end could be written.
     */
    public boolean endOfStream()
    {
        return guard.usable() && producer.endOfStream();
    }

    /**
     * @return the largest payload this channel takes.
     */
    public int maxMessageLength()
    {
        return producer.maxRecordLength();
    }

    /**
     * @return the sequence the next message will carry.
     */
    public long nextSequence()
    {
        return producer.nextSequence();
    }

    /**
     * Publishes what was written, gives the role up, unmaps. The stream is not ended (a writer
     * opened later continues it); call {@link #endOfStream()} first to end it.
     * May be called from any thread: from another one it ends waits, and the using thread releases
     * the channel at its next call.
     */
    @Override
    public void close()
    {
        guard.close();
    }

    /**
     * A claimed message, written in place. One per writer, reused: valid until commit or abort.
     */
    public static final class WriteClaim
    {
        private final RingProducer producer;
        private int offset;
        private int length;

        WriteClaim(final RingProducer producer)
        {
            this.producer = producer;
        }

        void wrap(final int offset, final int length)
        {
            this.offset = offset;
            this.length = length;
        }

        /**
         * @return the mapping to write the payload into.
         */
        public UnsafeBuffer buffer()
        {
            return producer.buffer();
        }

        public int offset()
        {
            return offset;
        }

        public int length()
        {
            return length;
        }

        /**
         * @return the message's sequence.
         */
        public long commit()
        {
            return producer.commit();
        }

        /**
         * Commits only the first {@code payloadLength} bytes (an encoding shorter than claimed).
         *
         * @param payloadLength bytes written, up to {@link #length()}.
         * @return the message's sequence.
         */
        public long commit(final int payloadLength)
        {
            return producer.commit(payloadLength);
        }

        /**
         * Gives the claim up: the reader never sees it, and no sequence is used.
         */
        public void abort()
        {
            producer.abort();
        }
    }
}
