package io.mmipc.bridge;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The bridge's repair counters changed: the driver's NAKs and retransmissions (loss on the wire,
 * repaired while a session lives) and the bridge's own rewinds or dropped duplicates (repair across
 * sessions: a restarted bridge, a receiver that saw a gap). Committed by {@link RetransmitsMonitor}
 * at most every {@link RetransmitsMonitor#PERIOD_NANOS}, only when something changed, so a recording
 * shows when the link lost packets and how the bridge recovered, beside GC pauses and parks.
 */
@Name("io.mmipc.BridgeRetransmits")
@Label("mmipc Bridge Retransmits")
@Category({"mmipc", "Bridge"})
@Description("A bridge's NAK, retransmit and loss counters, and its rewinds or dropped duplicates, changed")
@Enabled(false)
@StackTrace(false)
public final class RetransmitsEvent extends jdk.jfr.Event
{
    @Label("Role")
    @Description("send or receive")
    public String role;

    @Label("Peer")
    @Description("The other bridge's address")
    public String peer;

    @Label("NAKs Sent")
    @Description("Gaps this host's driver asked to be sent again (loss on the way in), since the bridge started")
    public long naksSent;

    @Label("NAKs Received")
    @Description("Gaps the far driver asked this one to send again, since the bridge started")
    public long naksReceived;

    @Label("Retransmits")
    @Description("Retransmissions this host's driver sent, since the bridge started")
    public long retransmits;

    @Label("Retransmits Since Last")
    public long retransmitsDelta;

    @Label("Loss Gap Fills")
    @Description("Gaps given up on and filled with padding (never while the sender lives)")
    public long lossGapFills;

    @Label("Rewinds or Duplicates")
    @Description("send: resends from the channel's head; receive: messages dropped as already committed")
    public long rewinds;
}
