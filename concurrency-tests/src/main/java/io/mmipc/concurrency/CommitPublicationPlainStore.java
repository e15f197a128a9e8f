package io.mmipc.concurrency;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * The control for {@link CommitPublication}: the same record committed with a PLAIN store of the
 * length, the bug the release store prevents. The Java memory model allows the torn outcome here;
 * whether a run shows it depends on the hardware (x86 keeps stores in order, so only the JIT could
 * reorder them) and on luck, so it is reported (interesting), never required: it shows what the
 * release store in RingProducer.commit is for, and that the test harness can see a tear at all.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "not committed yet")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "committed, whole payload")
@Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "torn: a plain length store overtook the payload")
@State
public class CommitPublicationPlainStore
{
    private final UnsafeBuffer record = MappedSlots.next();

    @Actor
    public void producer()
    {
        Records.writePayload(record);
        record.putInt(Records.LENGTH_OFFSET, Records.LENGTH); // plain: the bug
    }

    @Actor
    public void consumer(final II_Result r)
    {
        Records.read(record, r);
    }
}
