package io.mmipc.concurrency;

import io.mmipc.core.semaphore.CountingSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The waiter/releaser pair of {@link CountingSemaphore} on a mapped buffer. The waiter registers
 * ({@code addWaiter}, a getAndAdd) and then re-checks {@code available()}; the releaser adds a
 * permit ({@code release}, a getAndAdd) and then reads WAITERS. A Dekker pair: at least one must
 * see the other, else the waiter sleeps on a permit nobody tells it about (a lost wake-up).
 *
 * <p>r1: the waiter saw a permit (1) or not (0); r2: the releaser saw a waiter (1) or not (0).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: the waiter saw no permit and the releaser saw no waiter")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the waiter sleeps and the releaser wakes it")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the waiter takes the permit without sleeping")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both saw each other")
@State
public class SemaphoreWakeUpRace
{
    private final CountingSemaphore semaphore = new CountingSemaphore(MappedSlots.next(), 0, "USED");

    @Actor
    public void waiter(final II_Result r)
    {
        semaphore.addWaiter();
        r.r1 = semaphore.available() > 0 ? 1 : 0;
    }

    @Actor
    public void releaser(final II_Result r)
    {
        r.r2 = semaphore.release(1) ? 1 : 0;
    }
}
