package io.mmipc.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A side parked waiting for permits (futex or signal wait): its duration is the time parked.
 */
@Name("io.mmipc.Park")
@Label("mmipc Park")
@Category({"mmipc", "Waiting"})
@Description("A producer or consumer parked waiting for FREE or USED permits")
@Enabled(false)
@StackTrace(false)
public final class ParkEvent extends jdk.jfr.Event
{
    @Label("Semaphore")
    public String semaphore;

    @Label("Permits Needed")
    public long needed;

    @Label("Woken Early")
    @Description("True if a wake-up (futex or signal) ended the park before its bound")
    public boolean woken;
}
