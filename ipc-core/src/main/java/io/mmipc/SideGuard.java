package io.mmipc;

import io.mmipc.core.channel.ChannelEndpoint;

/**
 * Closes a writer's or reader's endpoint safely from any thread. Closing from another thread must
 * never unmap the file under a call in progress (a crash, not an exception): such a close only
 * asks, and the thread using the side releases the channel at its next call, or as its blocking call
 * returns. A close from the using thread releases at once.
 */
final class SideGuard
{
    private final ChannelEndpoint endpoint;
    private volatile boolean closeRequested;
    private boolean closed;
    private Thread user;

    SideGuard(final ChannelEndpoint endpoint)
    {
        this.endpoint = endpoint;
    }

    /**
     * Called by the using thread at the start of each call (and as a blocking call returns).
     *
     * @return false once closed.
     */
    boolean usable()
    {
        user = Thread.currentThread(); // a plain store: read only to tell the using thread from others
        if (closeRequested)
        {
            release();
        }
        return !closed;
    }

    void close()
    {
        closeRequested = true;
        final Thread u = user;
        if (u == null || u == Thread.currentThread())
        {
            release();
        }
    }

    private void release()
    {
        if (!closed)
        {
            closed = true;
            endpoint.close();
        }
    }
}
