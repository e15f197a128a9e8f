package io.mmipc.concurrency;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.exceptions.RoleTakenException;
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

    private final org.agrona.concurrent.AtomicBuffer buffer = MappedSlots.next();
    // Each claimer has its own view: the generation a claim wins belongs to the view that made it.
    private final ParticipantSlot firstView = new ParticipantSlot(buffer, 0);
    private final ParticipantSlot secondView = new ParticipantSlot(buffer, 0);
    private final ProcessIdentity first = claimer();
    private final ProcessIdentity second = claimer();

    @Actor
    public void claimer1(final II_Result r)
    {
        r.r1 = claim(firstView, first);
    }

    @Actor
    public void claimer2(final II_Result r)
    {
        r.r2 = claim(secondView, second);
    }

    private static int claim(final ParticipantSlot view, final ProcessIdentity me)
    {
        try
        {
            view.claim(FILE, me, WaitStrategy.FUTEX.code());
            return view.isOwner() ? 1 : 0;
        }
        catch (final RoleTakenException refused)
        {
            return 0;
        }
    }

    private static ProcessIdentity claimer()
    {
        return new ProcessIdentity(HERE.pid(), HERE.startTicks(), HERE.pidNamespace(), TOKENS.getAndIncrement());
    }
}
