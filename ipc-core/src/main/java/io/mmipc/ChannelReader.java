package io.mmipc;

import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.ring.TypedRecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.signal.StopFlag;
import org.agrona.DirectBuffer;

import java.time.Duration;

/**
 * The reading side of a {@link Channel}: one per channel, used by one thread at a time. Messages
 * arrive in the writer's order with sequences 0, 1, 2, ... and no gap, across restarts of either
 * side.
 *
 * <p><b>Threads.</b> One thread at a time reads; {@link #close()} may come from any thread (see there).
 */
public final class ChannelReader implements AutoCloseable
{
    private final ChannelEndpoint endpoint;
    private final RingConsumer consumer;
    private final Adapter adapter = new Adapter();
    private final SideGuard guard;
    private final StopFlag stop;

    ChannelReader(final ChannelEndpoint endpoint, final StopFlag stop)
    {
        this.endpoint = endpoint;
        this.stop = stop;
        this.consumer = endpoint.consumer();
        this.guard = new SideGuard(endpoint);
    }

    /**
     * Hands up to {@code limit} messages that are there now to {@code handler}, on this thread, then
     * gives their space back to the writer; never waits. If {@code handler} throws, the exception
     * propagates and that message and those after it stay in the ring for the next call.
     *
     * @param handler receives each message; its buffer is valid only during the call.
     * @param limit   most messages to hand over (fewer may come even when more are there: ring
     *                wrap-around padding counts against it).
     * @return messages handled, 0 if none were there or the reader is closed.
     * @throws io.mmipc.exceptions.ChannelCorruptedException if a committed record is malformed.
     * @throws io.mmipc.exceptions.RoleLostException if this process was paused past the heartbeat
     *         timeout and another took the role over.
     */
    public int poll(final MessageHandler handler, final int limit)
    {
        if (!guard.usable())
        {
            return 0;
        }
        adapter.handler = handler;
        adapter.delivered = 0;
        consumer.poll(adapter, limit);
        return adapter.delivered;
    }

    /**
     * Hands the next message to {@code handler}, waiting for it up to {@code timeout} with the
     * channel's wait strategy.
     *
     * @param handler receives the message; its buffer is valid only during the call.
     * @param timeout how long to wait; zero or negative polls once.
     * @return true if a message was handled; false on timeout, at the end of the stream, or when
     *         closed (also by a close from another thread during the wait).
     * @throws io.mmipc.exceptions.ChannelCorruptedException if a committed record is malformed.
     * @throws io.mmipc.exceptions.RoleLostException if another process took the role over.
     */
    public boolean take(final MessageHandler handler, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        consumer.waiter().reset();
        while (guard.usable() && !consumer.endOfStream())
        {
            if (poll(handler, 1) > 0)
            {
                return true;
            }
            if (endpoint.waiter().stopRequested() || System.nanoTime() - deadline >= 0)
            {
                break;
            }
            consumer.idle();
        }
        guard.usable(); // a close asked for meanwhile is carried out now, on this thread
        return false;
    }

    /**
     * Steps aside, holding nothing, so that a writer restarted meanwhile recovers the channel without
     * waiting for this reader: call before blocking on something else (writing output to a slow
     * pipe, say). The next poll steps back in.
     */
    public void pause()
    {
        if (guard.usable())
        {
            consumer.leave();
        }
    }

    /**
     * {@return the largest payload a message in this channel may have, in bytes (set when the file
     * was created)}
     */
    public int maxMessageLength()
    {
        return endpoint.file().maxRecordLength();
    }

    /**
     * Waits once with the channel's wait strategy for messages to arrive (at most a bounded park;
     * a close from another thread ends it): call after {@link #poll} returned 0, in a loop that
     * polls again. Between polls the reader holds nothing, so a recovery never waits long for it;
     * before blocking on something else, call {@link #pause()}. The loop of a reading daemon:
     * <pre>{@code
     * while (!reader.endOfStream() && running)
     * {
     *     if (reader.poll(handler, 1024) == 0)
     *     {
     *         reader.idle();
     *     }
     * }
     * }</pre>
     */
    public void idle()
    {
        if (guard.usable())
        {
            consumer.idle();
        }
    }

    /**
     * {@return true while a live writer is attached (a volatile read of the file; from another thread
     * only while this reader is open)}
     */
    public boolean isConnected()
    {
        return !stop.requested() && endpoint.peerLive();
    }

    /**
     * {@return what recovery did when this reader joined after a writer or reader died, or null if
     * none was needed}
     */
    public String recovery()
    {
        return endpoint.recovery();
    }

    /**
     * {@return true once the writer ended the stream and every message before the end was handled}
     */
    public boolean endOfStream()
    {
        return consumer.endOfStream();
    }

    /**
     * {@return the sequence of the next message (one more than the last handled)}
     */
    public long nextSequence()
    {
        return consumer.nextSequence();
    }

    /**
     * Gives the role up and unmaps; a reader opened later continues after the last message handled.
     *
     * <p>May be called from any thread. From the reading thread (or before any use) it releases at
     * once. From another thread it ends a {@link #take} under way (which returns false) and asks the
     * reading thread to release the channel, which it does then or at its next call.
     */
    @Override
    public void close()
    {
        stop.request("close"); // ends a wait under way: the waiter watches this flag
        guard.close();
    }

    private static final class Adapter implements TypedRecordHandler
    {
        MessageHandler handler;
        int delivered;

        @Override
        public void onRecord(final int kind, final int typeId, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            if (kind == RecordLayout.DATA)
            {
                delivered++;
                handler.onMessage(typeId, sequence, buffer, offset, length);
            }
            else
            {
                handler.onEndOfStream();
            }
        }

        @Override
        public void beforeRelease(final long nextSequence)
        {
            handler.beforeRelease(nextSequence);
        }
    }
}
