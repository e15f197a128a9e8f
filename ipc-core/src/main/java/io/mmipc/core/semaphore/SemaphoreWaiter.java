package io.mmipc.core.semaphore;

/**
 * How a process waits for permits it could not take. Implementations spin, yield or park; a parking
 * one registers itself on the semaphore first so that a releaser knows to wake it.
 */
public interface SemaphoreWaiter
{
    /**
     * Called after progress: the next wait starts again from its cheapest phase.
     */
    void reset();

    /**
     * Waits once: a spin, a yield or one bounded park.
     *
     * @param semaphore the semaphore waited on.
     * @param needed    permits the caller needs; a parking waiter re-checks this after registering.
     */
    void idle(CountingSemaphore semaphore, long needed);

    /**
     * @return true once the process has been asked to stop; waits end early then.
     */
    boolean stopRequested();
}
