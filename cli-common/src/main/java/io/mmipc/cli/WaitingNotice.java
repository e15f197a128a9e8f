package io.mmipc.cli;

import java.util.function.BooleanSupplier;

/**
 * One line to stderr when a daemon has been waiting alone for a second: "waiting for a producer on
 * PATH". Without it, a consumer started in a shell with another MMIPC_DIR than its producer's (or
 * before it) waits silently for ever. A daemon thread checks once a second whether the daemon is
 * still waiting with no peer, prints the line once, and ends; the daemon's own loop pays nothing.
 */
public final class WaitingNotice implements AutoCloseable
{
    /** How long a daemon waits alone before it says so. */
    public static final long AFTER_MILLIS = 1_000;

    private final Thread thread;

    private WaitingNotice(final String line, final BooleanSupplier waitingAlone)
    {
        thread = Thread.ofPlatform().daemon().name("mmipc-waiting-notice").unstarted(() ->
        {
            try
            {
                while (true)
                {
                    Thread.sleep(AFTER_MILLIS);
                    if (waitingAlone.getAsBoolean())
                    {
                        System.err.println(line);
                        return;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                // closed: the daemon is done
            }
        });
        thread.start();
    }

    /**
     * @param line         what to print, once.
     * @param waitingAlone true while the daemon waits and no peer is there; called once a second
     *                     from another thread, so it reads only shared (volatile) state.
     * @return the notice; close it when the daemon is done.
     */
    public static WaitingNotice start(final String line, final BooleanSupplier waitingAlone)
    {
        return new WaitingNotice(line, waitingAlone);
    }

    @Override
    public void close()
    {
        thread.interrupt();
    }
}
