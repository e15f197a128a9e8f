package io.mmipc.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A role taken over from a process judged dead, or a peer fenced.
 */
@Name("io.mmipc.Takeover")
@Label("mmipc Takeover")
@Category({"mmipc", "Recovery"})
@Description("A role taken over from a dead process, or a paused one fenced")
@Enabled(false)
@StackTrace(false)
public final class TakeoverEvent extends jdk.jfr.Event
{
    @Label("Channel")
    public String channel;

    @Label("Role")
    public String role;

    @Label("Previous Pid")
    public long previousPid;

    @Label("Fenced")
    @Description("True if the previous owner was judged dead by heartbeat only and fenced")
    public boolean fenced;
}
