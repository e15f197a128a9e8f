package io.mmipc.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The producer found the ring full and waited for the consumer: its duration is the wait.
 */
@Name("io.mmipc.BackPressure")
@Label("mmipc Back-pressure")
@Category({"mmipc", "Flow"})
@Description("The ring was full: the producer waited for the consumer to give space back")
@Enabled(false)
@StackTrace(false)
public final class BackPressureEvent extends jdk.jfr.Event
{
    @Label("Bytes Needed")
    public long needed;

    @Label("Got Space")
    @Description("False if the wait ended by a stop or a deadline")
    public boolean got;
}
