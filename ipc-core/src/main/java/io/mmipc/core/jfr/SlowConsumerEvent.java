package io.mmipc.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * An episode in which the consumer stayed far behind the producer: from the moment the producer
 * found its lead (bytes written that the consumer had not given back) over 3/4 of the room it gives
 * itself (its working window, or the whole ring when the ring is no larger) until it found it under
 * half of that again, or stopped writing. Its duration is the episode's; episodes shorter than the
 * threshold (500 ms unless a recording sets {@code #threshold}) are not recorded.
 *
 * <p>Unlike {@link BackPressureEvent}, which is one wait of the producer for a full ring, this says
 * that the consumer was the bottleneck for a stretch of time, even when the producer never had to
 * wait (a producer at its window's edge spins for the consumer's give-backs, and no BackPressure
 * event says so): how far behind it was (bytes and records, so the latency a record sees in the
 * ring), for how long, and which process it was. Emitted by the producer, which samples the lag
 * when it takes free space in bulk.
 */
@Name("io.mmipc.SlowConsumer")
@Label("mmipc Slow Consumer")
@Category({"mmipc", "Flow"})
@Description("The consumer stayed more than 3/4 of the producer's window behind it for the event's duration")
@Enabled(false)
@StackTrace(false)
@Threshold("500 ms")
public final class SlowConsumerEvent extends jdk.jfr.Event
{
    @Label("Channel")
    public String channel;

    @Label("Consumer Pid")
    @Description("The process in the channel's consumer slot when the episode ended (0: none)")
    public long consumerPid;

    @Label("Ring Capacity")
    @DataAmount
    public long capacity;

    @Label("Window")
    @Description("The lead the producer allows itself while the consumer moves: the working window, at most the capacity")
    @DataAmount
    public long window;

    @Label("Max Lag")
    @Description("The most bytes written and not yet given back by the consumer that the producer saw")
    @DataAmount
    public long maxLagBytes;

    @Label("Max Lag Records")
    @Description("Records written and not yet consumed, when the lag was at its most")
    public long maxLagRecords;

    @Label("Records Written")
    @Description("Records the producer committed during the episode")
    public long recordsWritten;

    @Label("Producer Waits")
    @Description("Times the producer found the ring full and waited (each one also a BackPressure event)")
    public long producerWaits;

    @Label("Caught Up")
    @Description("True if the consumer came back within half the window; false if the producer stopped writing first")
    public boolean caughtUp;
}
