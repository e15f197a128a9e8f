package io.mmipc.concurrency;

import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.RoleTakenException;
import io.mmipc.core.wait.WaitStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two claimers of one empty participant slot on a mapped buffer ({@link ParticipantSlot#claim}):
 * exactly one becomes the owner, the other is refused (RoleTakenException) because the winner is
 * alive (both run in this process; each has its own token).
 *
 * <p>r1, r2: actor 1, actor 2 became the owner (1) or was refused (0).
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "actor 1 owns the slot")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "actor 2 owns the slot")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "two owners")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "no owner")
@State
public class SlotClaimRace
{
    private static final Path FILE = Path.of("jcstress-slot");
    private static final AtomicLong TOKENS = new AtomicLong(1);
    private static final ProcessIdentity HERE = ProcessIdentity.current();

    private final ParticipantSlot slot = new ParticipantSlot(MappedSlots.next(), 0, null);
    private final ProcessIdentity first = claimer();
    private final ProcessIdentity second = claimer();

    @Actor
    public void claimer1(final II_Result r)
    {
        r.r1 = claim(first);
    }

    @Actor
    public void claimer2(final II_Result r)
    {
        r.r2 = claim(second);
    }

    private int claim(final ProcessIdentity me)
    {
        try
        {
            slot.claim(FILE, me, WaitStrategy.FUTEX);
            return 1;
        }
        catch (final RoleTakenException refused)
        {
            return 0;
        }
    }

    private static ProcessIdentity claimer()
    {
        return new ProcessIdentity(HERE.pid(), HERE.startMillis(), HERE.pidNamespace(), TOKENS.getAndIncrement());
    }
}
