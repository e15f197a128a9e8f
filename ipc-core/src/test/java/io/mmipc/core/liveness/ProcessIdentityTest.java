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

    @Test
    void everyClaimInOneJvmGetsADistinctToken()
    {
        final java.util.Set<Long> tokens = new java.util.HashSet<>();
        for (int i = 0; i < 100_000; i++)
        {
            final long token = ProcessIdentity.newToken();
            assertNotEquals(0, token);
            assertTrue(tokens.add(token), "token " + token + " given twice, at claim " + i);
        }
        assertNotEquals(ProcessIdentity.current().token(), ProcessIdentity.newToken());
    }

    @Test
    void theTokenMixSpreadsNeighbouringCountersOverTheWholeLong()
    {
        final long a = ProcessIdentity.mix(1);
        final long b = ProcessIdentity.mix(2);
        assertTrue(Long.bitCount(a ^ b) > 16, "neighbours differ in many bits: " + Long.toHexString(a ^ b));
        assertNotEquals(0, ProcessIdentity.mix(1) >>> 32, "the high half is used");
    }
    @Test
    void aZombieOrDeadStateAfterTheLastParenthesisIsDeadAndAnythingElseIsNot()
    {
        assertTrue(ProcessIdentity.parseDead("42 (java) Z 1 2 3"));
        assertTrue(ProcessIdentity.parseDead("42 (a) b) X 1"));
        assertTrue(ProcessIdentity.parseDead("42 (x) x 1"));
        assertFalse(ProcessIdentity.parseDead("42 (java) S 1 2 3"));
        assertFalse(ProcessIdentity.parseDead("42 (Z) R 1"), "the name may hold anything");
        assertFalse(ProcessIdentity.parseDead("42 java Z"), "no parenthesis: not a stat line");
        assertFalse(ProcessIdentity.parseDead("42 (java)"), "cut short after the name");
        assertFalse(ProcessIdentity.parseDead("42 (java) "));
    }

    @Test
    void thePidNamespaceIsTheInodeInItsLinkOrZero(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception
    {
        final java.nio.file.Path good = java.nio.file.Files.createSymbolicLink(dir.resolve("good"),
            java.nio.file.Path.of("pid:[4026531836]"));
        assertEquals(4026531836L, ProcessIdentity.pidNamespace(good));
        final java.nio.file.Path tight = java.nio.file.Files.createSymbolicLink(dir.resolve("tight"), java.nio.file.Path.of("[7]"));
        assertEquals(7, ProcessIdentity.pidNamespace(tight));
        assertEquals(0, ProcessIdentity.pidNamespace(java.nio.file.Files.createSymbolicLink(dir.resolve("empty"),
            java.nio.file.Path.of("pid:[]"))));
        assertEquals(0, ProcessIdentity.pidNamespace(java.nio.file.Files.createSymbolicLink(dir.resolve("reversed"),
            java.nio.file.Path.of("pid:]1["))));
        assertEquals(0, ProcessIdentity.pidNamespace(java.nio.file.Files.createSymbolicLink(dir.resolve("none"),
            java.nio.file.Path.of("pid"))));
        assertEquals(0, ProcessIdentity.pidNamespace(dir.resolve("missing")));
        assertEquals(ProcessIdentity.pidNamespace(java.nio.file.Path.of("/proc/self/ns/pid")),
            ProcessIdentity.current().pidNamespace());
        assertNotEquals(0, ProcessIdentity.current().pidNamespace());
    }

    @Test
    void noProcessIsAliveUnderAPidThatIsNotThere()
    {
        assertFalse(ProcessIdentity.isAliveHere(0, 0));
        assertFalse(ProcessIdentity.isAliveHere(-1, 0));
        assertFalse(ProcessIdentity.isAliveHere(Integer.MAX_VALUE - 3, 0));
        assertTrue(ProcessIdentity.isAliveHere(ProcessHandle.current().pid(), 0), "start time unknown: the pid decides");
    }
}
