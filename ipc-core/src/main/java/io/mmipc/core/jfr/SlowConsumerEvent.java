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
 * found the ring more than 3/4 full (bytes written that the consumer had not given back) until it
 * found it under half full again, or stopped writing. Its duration is the episode's; episodes
 * shorter than the threshold (500 ms unless a recording sets {@code #threshold}) are not recorded.
 *
 * <p>Unlike {@link BackPressureEvent}, which is one wait of the producer for a full ring, this says
 * that the consumer is the bottleneck for a stretch of time, even when the producer never had to
 * wait: how far behind it was (bytes and records, so the latency a record sees in the ring), for how
 * long, and which process it was. Emitted by the producer (it sees the fill when it takes FREE
 * permits, without reading anything more on its hot path).
 */
@Name("io.mmipc.SlowConsumer")
@Label("mmipc Slow Consumer")
@Category({"mmipc", "Flow"})
@Description("The ring stayed more than 3/4 full: the consumer lagged behind the producer for the event's duration")
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
    @Description("True if the consumer brought the ring under half full; false if the producer stopped writing first")
    public boolean caughtUp;
}
