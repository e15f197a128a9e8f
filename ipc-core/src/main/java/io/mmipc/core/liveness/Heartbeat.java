package io.mmipc.core.liveness;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Writes the owner's heartbeat into its slot every {@link #PERIOD_MILLIS} ms, on an Agrona agent
 * thread of its own so that a long park or a blocking read on the working thread never makes a live
 * process look dead to a peer in another pid namespace.
 */
public final class Heartbeat implements Agent, AutoCloseable
{
    public static final long PERIOD_MILLIS = 100;

    private final ParticipantSlot slot;
    private final ProcessIdentity me;
    private final int wakeMode;
    private final AgentRunner runner;

    private Heartbeat(final ParticipantSlot slot, final ProcessIdentity me, final int wakeMode)
    {
        this.slot = slot;
        this.me = me;
        this.wakeMode = wakeMode;
        // parkNanos, not Thread.sleep, so that the interrupt in close() ends the wait at once.
        this.runner = new AgentRunner(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS)),
            Heartbeat::report, null, this);
    }

    /**
     * Starts a heartbeat thread for the slot.
     *
     * @param slot     the owner's slot, claimed by this process (the view that made the claim).
     * @param me       the owner; beats stop if another process takes the slot over or fences it.
     * @param wakeMode the owner's wake mode, to repair the identity with.
     * @return the running heartbeat, to close when the owner stops.
     */
    public static Heartbeat start(final ParticipantSlot slot, final ProcessIdentity me, final int wakeMode)
    {
        final Heartbeat heartbeat = new Heartbeat(slot, me, wakeMode);
        AgentRunner.startOnThread(heartbeat.runner, runnable ->
        {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true); // never keeps a finished daemon's JVM alive
            return thread;
        });
        return heartbeat;
    }

    @Override
    public int doWork()
    {
        try
        {
            if (slot.isOwner())
            {
                slot.heartbeat(ParticipantSlot.monotonicMillis());
                slot.repairIdentity(me, wakeMode);
            }
        }
        catch (final InternalError ex)
        {
            // the mapped file was truncated under us: the working thread reports it; stop beating
            throw new AgentTerminationException(ex);
        }
        return 0; // always idle: the idle strategy sleeps one period
    }

    private static void report(final Throwable error)
    {
        if (!(error instanceof AgentTerminationException))
        {
            System.err.println("mmipc heartbeat: " + error);
        }
    }

    @Override
    public String roleName()
    {
        return "mmipc-heartbeat-" + (slot.role() == null ? "mailbox" : slot.role().label());
    }

    @Override
    public void close()
    {
        // AgentRunner.close() joins before it interrupts: wake the parked thread first, so that a
        // stopping daemon does not wait out the rest of a heartbeat period.
        final Thread thread = runner.thread();
        if (thread != null)
        {
            thread.interrupt();
        }
        runner.close();
    }
}
