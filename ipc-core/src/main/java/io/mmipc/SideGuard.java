package io.mmipc;

/**
 * Closes a writer's or reader's endpoint (or a mailbox's or inbox's mapping) safely from any thread. Closing from another thread must
 * never unmap the file under a call in progress (a crash, not an exception): such a close only
 * asks, and the thread using the side releases the channel at its next call, or as its blocking call
 * returns. A close from the using thread releases at once.
 */
final class SideGuard
{
    private final AutoCloseable resource;
    private volatile boolean closeRequested;
    private boolean closed;
    private Thread user;

    SideGuard(final AutoCloseable resource)
    {
        this.resource = resource;
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
            try
            {
                resource.close();
            }
            catch (final RuntimeException ex)
            {
                throw ex;
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException("closing " + resource + " failed", ex);
            }
        }
    }
}
