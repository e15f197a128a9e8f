package io.mmipc.concurrency;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A record's commit on a mapped buffer, as RingProducer.claim/commit write it: the header's
 * length negative (plain), the payload (plain stores), then the positive length with a release
 * store, the commit marker. A reader that sees the positive length (acquire load) must see the
 * whole payload.
 *
 * <p>r1: the reader saw the committed length (1) or not yet (0); r2: the payload it then read was
 * torn (1) or whole (0); 0 when it did not read it.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "not committed yet")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "committed, whole payload")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "torn: the length is visible before the payload")
@State
public class CommitPublication
{
    private final UnsafeBuffer record = MappedSlots.next();

    @Actor
    public void producer()
    {
        Records.writePayload(record);
        record.putIntRelease(Records.LENGTH_OFFSET, Records.LENGTH); // RingProducer.commit
    }

    @Actor
    public void consumer(final II_Result r)
    {
        Records.read(record, r);
    }
}
