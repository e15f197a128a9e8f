package io.mmipc.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A recovery after a dead participant: its duration covers the wait for the peer and the recompute.
 */
@Name("io.mmipc.Recovery")
@Label("mmipc Recovery")
@Category({"mmipc", "Recovery"})
@Description("Semaphores recomputed from the positions after a participant died")
@Enabled(false)
@StackTrace(false)
public final class RecoveryEvent extends jdk.jfr.Event
{
    @Label("Channel")
    public String channel;

    @Label("Role")
    public String role;

    @Label("Account")
    public String account;
}
