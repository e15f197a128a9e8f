package io.mmipc.core.liveness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProcessIdentityTest
{
    @Test
    void startTicksAreField22CountedFromTheLastParenthesis()
    {
        final String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 22 0 987654 1000 10";
        assertEquals(987654, ProcessIdentity.parseStartTicks(stat));
        assertFalse(ProcessIdentity.parseDead(stat));
        assertTrue(ProcessIdentity.parseDead("4242 (java) Z 1 4242"));
        assertEquals(0, ProcessIdentity.parseStartTicks("garbage"));
    }

    @Test
    void thisProcessIsAliveByItsOwnStartTicksAndNotByAnother()
    {
        final ProcessIdentity me = ProcessIdentity.current();
        assertTrue(me.startTicks() > 0, "read from /proc/self/stat");
        assertEquals(me.startTicks(), ProcessIdentity.startTicks(me.pid()), "the ticks never move");
        assertTrue(ProcessIdentity.isAliveHere(me.pid(), me.startTicks()));
        assertFalse(ProcessIdentity.isAliveHere(me.pid(), me.startTicks() - 1), "a reused pid with another start time");
        assertFalse(ProcessIdentity.isAliveHere(Integer.MAX_VALUE - 3, 0));
    }

    @Test
    void tokensAreFreshAndNeverZero()
    {
        final long a = ProcessIdentity.newToken();
        final long b = ProcessIdentity.newToken();
        assertNotEquals(0, a);
        assertNotEquals(a, b);
    }
}
