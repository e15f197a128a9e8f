package io.mmipc;

import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
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
 *
 * <p><b>Threads.</b> One thread at a time writes (and claims, commits, flushes); {@link #close()}
 * may come from any thread (see there).
 */
public final class ChannelWriter implements AutoCloseable
{
    /** The ring is full; try again later. */
    public static final long BACK_PRESSURED = -2;
    /** No space came before the deadline. */
    public static final long TIMED_OUT = -3;
    /** The channel was closed (or a stop was requested) before the message could be written. */
    public static final long CLOSED = -4;

    /** A timeout longer than this (a century) waits without limit, as null does. */
    private static final Duration NO_LIMIT_BEYOND = Duration.ofDays(36_500);

    private final ChannelEndpoint endpoint;
    private final RingProducer producer;
    private final WriteClaim claim;
    private final SideGuard guard;
    private final StopFlag stop;

    ChannelWriter(final ChannelEndpoint endpoint, final StopFlag stop)
    {
        this.endpoint = endpoint;
        this.stop = stop;
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
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws io.mmipc.exceptions.RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     * @throws io.mmipc.exceptions.RoleLostException if this process was paused past the heartbeat
     *         timeout and another took the role over (it wrote nothing).
     */
    public long offer(final int typeId, final DirectBuffer src, final int offset, final int length)
    {
        return copy(typeId, src, offset, length, 0);
    }

    /**
     * Copies a message into the ring, waiting for room up to {@code timeout}; before it waits, it
     * publishes what was written so far.
     *
     * @param typeId  message type id, 0 to 16,777,215, given to the reader.
     * @param src     the payload.
     * @param offset  in {@code src}.
     * @param length  payload bytes, up to {@link #maxMessageLength()}.
     * @param timeout how long to wait for room, null for no limit; zero or negative does not wait (then a full ring
     *                gives {@link #BACK_PRESSURED}).
     * @return the sequence, or {@link #TIMED_OUT}, or {@link #CLOSED} (also when
     *         {@link Channel#close()} ends the wait).
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws io.mmipc.exceptions.RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     * @throws io.mmipc.exceptions.RoleLostException if another process took the role over.
     */
    public long write(final int typeId, final DirectBuffer src, final int offset, final int length,
        final Duration timeout)
    {
        return copy(typeId, src, offset, length, deadline(timeout));
    }

    /**
     * Copies a message from a byte array, waiting for room up to {@code timeout}; before it waits, it
     * publishes what was written so far.
     *
     * @param typeId  message type id, 0 to 16,777,215, given to the reader.
     * @param src     the payload.
     * @param offset  in {@code src}.
     * @param length  payload bytes, up to {@link #maxMessageLength()}.
     * @param timeout how long to wait for room, null for no limit; zero or negative does not wait (then a full ring
     *                gives {@link #BACK_PRESSURED}).
     * @return the sequence, or {@link #TIMED_OUT}, or {@link #CLOSED} (also when
     *         {@link Channel#close()} ends the wait).
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws io.mmipc.exceptions.RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     * @throws io.mmipc.exceptions.RoleLostException if another process took the role over.
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
     * {@link WriteClaim#commit()} or {@link WriteClaim#abort()} before the next claim. Never waits.
     *
     * @param typeId message type id, 0 to 16,777,215, given to the reader.
     * @param length payload bytes to claim, up to {@link #maxMessageLength()}.
     * @return the {@link WriteClaim} (this writer's one, reused), or null if back-pressured or closed.
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws io.mmipc.exceptions.RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     * @throws IllegalStateException if the previous claim was neither committed nor aborted.
     */
    public WriteClaim tryClaim(final int typeId, final int length)
    {
        return claim(typeId, length, 0) < 0 ? null : claim;
    }

    /**
     * Claims room for a message written in place, waiting for it up to {@code timeout}; see
     * {@link #tryClaim(int, int)}.
     *
     * @param typeId  message type id, 0 to 16,777,215, given to the reader.
     * @param length  payload bytes to claim, up to {@link #maxMessageLength()}.
     * @param timeout how long to wait for room, null for no limit; zero or negative does not wait.
     * @return the {@link WriteClaim} (this writer's one, reused), or null if no room came in time
     *         or the writer is closed.
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws io.mmipc.exceptions.RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     * @throws IllegalStateException if the previous claim was neither committed nor aborted.
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
        if (timeout == null || timeout.compareTo(NO_LIMIT_BEYOND) > 0)
        {
            return Long.MAX_VALUE; // until room comes or a close
        }
        final long nanos = timeout.toNanos();
        return nanos <= 0 ? 0 : System.nanoTime() + nanos;
    }

    /**
     * Publishes every message written so far to the reader (waking it if it waits); does nothing once
     * closed. Call it before a pause in writing, or the last messages of a batch wait for the next one.
     */
    public void flush()
    {
        if (guard.usable())
        {
            producer.flush();
        }
    }

    /**
     * Ends the stream and publishes it: the reader sees {@link ChannelReader#endOfStream()} after the
     * last message, and a writer opened later starts a new stream at sequence 0. Waits, without a
     * limit, for room for the end marker.
     *
     * @return false if the channel was closed before the end could be written.
     */
    public boolean endOfStream()
    {
        return guard.usable() && producer.endOfStream();
    }

    /**
     * {@return true once this writer was closed (by {@link #close()} or {@link Channel#close()}), from any thread}
     */
    public boolean isClosed()
    {
        return stop.requested();
    }

    /**
     * Publishes what was written and steps aside, holding nothing, so that a reader restarted
     * meanwhile recovers the channel without waiting for this writer: call before blocking on a
     * source (a quiet stdin, a socket) or pausing. The next write steps back in.
     */
    public void pause()
    {
        if (guard.usable())
        {
            producer.leave();
        }
    }

    /**
     * {@return the bytes written and published but not yet given back by the reader (a volatile read
     * of the file; from another thread only while this writer is open)}
     */
    public long backlogBytes()
    {
        return endpoint.backlog();
    }

    /**
     * {@return the ring's size in bytes (the file's, which an existing channel keeps)}
     */
    public int capacity()
    {
        return endpoint.file().capacity();
    }

    /**
     * {@return true while a live reader is attached (a volatile read of the file; from another thread
     * only while this writer is open)}
     */
    public boolean isConnected()
    {
        return !stop.requested() && endpoint.peerLive();
    }

    /**
     * {@return what recovery did when this writer joined after a writer or reader died, or null if
     * none was needed}
     */
    public String recovery()
    {
        return endpoint.recovery();
    }

    /**
     * {@return the largest payload this channel takes, in bytes (set when the file was created)}
     */
    public int maxMessageLength()
    {
        return producer.maxRecordLength();
    }

    /**
     * {@return the sequence the next message will carry (the first of a stream is 0)}
     */
    public long nextSequence()
    {
        return producer.nextSequence();
    }

    /**
     * Publishes what was written, gives the role up, unmaps. The stream is not ended (a writer
     * opened later continues it); call {@link #endOfStream()} first to end it.
     *
     * <p>May be called from any thread. From the writing thread (or before any use) it releases at
     * once. From another thread it ends a wait for room under way (the call returns
     * {@link #CLOSED}) and asks the writing thread to release the channel, which it does then or at
     * its next call.
     */
    @Override
    public void close()
    {
        stop.request("close"); // ends a wait for room under way: the waiter watches this flag
        guard.close();
    }

    /**
     * A claimed message, written in place. One per writer, reused: valid until commit or abort, and
     * used by the writer's thread only.
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
         * {@return the mapping to write the payload into, from {@link #offset()} for {@link #length()} bytes}
         */
        public UnsafeBuffer buffer()
        {
            return producer.buffer();
        }

        /**
         * {@return where the payload starts in {@link #buffer()}}
         */
        public int offset()
        {
            return offset;
        }

        /**
         * {@return the payload bytes claimed}
         */
        public int length()
        {
            return length;
        }

        /**
         * Commits the message with all {@link #length()} bytes; the reader sees it once the writer
         * publishes (at the end of the batch, on {@link ChannelWriter#flush()} or before a wait).
         *
         * @return the message's sequence.
         * @throws IllegalStateException if nothing is claimed (already committed or aborted).
         */
        public long commit()
        {
            return producer.commit();
        }

        /**
         * Commits only the first {@code payloadLength} bytes (an encoding shorter than claimed); the
         * rest of the claimed room stays free for the next message.
         *
         * @param payloadLength bytes written, 0 to {@link #length()}.
         * @return the message's sequence.
         * @throws IllegalArgumentException if {@code payloadLength} is negative or more than was claimed.
         * @throws IllegalStateException if nothing is claimed (already committed or aborted).
         */
        public long commit(final int payloadLength)
        {
            return producer.commit(payloadLength);
        }

        /**
         * Gives the claim up: the reader never sees it, and no sequence is used.
         *
         * @throws IllegalStateException if nothing is claimed (already committed or aborted).
         */
        public void abort()
        {
            producer.abort();
        }
    }
}
