package io.mmipc.cli;

import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Graceful stop on SIGTERM and SIGINT for a command built on mmipc's public API. The first signal
 * says so on stderr, records why, and closes what the command registered ({@link #closeOnStop}): a
 * channel's writer or reader, a mailbox or an inbox closed from another thread ends its wait at once,
 * and the command's own loop, seeing {@link #requested()}, finishes what it holds and exits 0. A
 * second signal (an impatient Ctrl-C) exits at once with 130 or 143.
 */
public final class Shutdown
{
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private final Thread worker;
    private final boolean interruptWorker;
    private volatile String reason;

    private Shutdown(final Thread worker, final boolean interruptWorker)
    {
        this.worker = worker;
        this.interruptWorker = interruptWorker;
    }

    /**
     * Installs the handlers for this process.
     *
     * @param interruptWorker also interrupt the calling thread on a stop, to end its blocking read of
     *                        an interruptible channel (stdin read through a {@code FileChannel}).
     * @return the shutdown, to register what to close and to ask whether a stop came.
     */
    public static Shutdown install(final boolean interruptWorker)
    {
        final Shutdown shutdown = new Shutdown(Thread.currentThread(), interruptWorker);
        shutdown.handle("TERM", ExitCodes.FORCED_BY_SIGTERM);
        shutdown.handle("INT", ExitCodes.FORCED_BY_SIGINT);
        return shutdown;
    }

    /**
     * Closes {@code resource} when a stop comes (at once, if one came already).
     *
     * @param resource what to close; its close must be safe from another thread.
     * @param <T>      its type.
     * @return {@code resource}, for use in a try-with-resources.
     */
    public <T extends AutoCloseable> T closeOnStop(final T resource)
    {
        toClose.add(resource);
        if (reason != null)
        {
            closeQuietly(resource);
        }
        return resource;
    }

    /**
     * {@return true once a stop was requested (a volatile read)}
     */
    public boolean requested()
    {
        return reason != null;
    }

    /**
     * {@return what asked for the stop ("SIGTERM", "SIGINT"), or null}
     */
    public String reason()
    {
        return reason;
    }

    /**
     * Requests a stop as a signal would (for a command that decides to stop by itself).
     *
     * @param why what asked, for the exit message.
     */
    public void request(final String why)
    {
        reason = why;
        for (final AutoCloseable resource : toClose)
        {
            closeQuietly(resource);
        }
        if (interruptWorker)
        {
            worker.interrupt();
        }
    }

    private void handle(final String name, final int forcedExitCode)
    {
        Signal.handle(new Signal(name), signal ->
        {
            if (requested())
            {
                System.err.println("SIG" + name + " again: exiting at once");
                Runtime.getRuntime().halt(forcedExitCode);
            }
            // Said, so that a user (or a test) knows it was heard and that a second one is the hard stop.
            System.err.println("SIG" + name + ": stopping gracefully; SIG" + name + " again exits at once");
            request("SIG" + name);
        });
    }

    private static void closeQuietly(final AutoCloseable resource)
    {
        try
        {
            resource.close();
        }
        catch (final Exception ex)
        {
            System.err.println("closing on stop: " + ex.getMessage()); // the stop goes on
        }
    }
}
