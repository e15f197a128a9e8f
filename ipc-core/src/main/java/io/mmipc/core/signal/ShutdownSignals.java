package io.mmipc.core.signal;

import io.mmipc.core.ExitCodes;
import sun.misc.Signal;

/**
 * Graceful shutdown on SIGTERM and SIGINT: the first raises the {@link StopFlag}, the daemon then
 * finishes the current record, marks itself STOPPED, flushes and exits 0. A second SIGINT (an
 * impatient Ctrl-C) or SIGTERM halts at once with 130 or 143.
 */
public final class ShutdownSignals
{
    private ShutdownSignals()
    {
    }

    /**
     * Installs the handlers with a new stop flag whose worker is the calling thread.
     *
     * @return the flag the handlers raise.
     */
    public static StopFlag installForCurrentThread()
    {
        final StopFlag stop = new StopFlag();
        stop.worker(Thread.currentThread());
        install(stop);
        return stop;
    }

    /**
     * Installs the handlers for this process.
     *
     * @param stop the flag to raise.
     */
    public static void install(final StopFlag stop)
    {
        handle("TERM", stop, ExitCodes.FORCED_BY_SIGTERM);
        handle("INT", stop, ExitCodes.FORCED_BY_SIGINT);
    }

    private static void handle(final String name, final StopFlag stop, final int forcedExitCode)
    {
        Signal.handle(new Signal(name), signal ->
        {
            if (stop.requested())
            {
                System.err.println("SIG" + name + " again: exiting at once");
                Runtime.getRuntime().halt(forcedExitCode);
            }
            // Said, so that a user (or a test) knows it was heard and that a second one is the hard stop.
            System.err.println("SIG" + name + ": stopping gracefully; SIG" + name + " again exits at once");
            stop.request("SIG" + name);
        });
    }
}
