package io.mmipc.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class RoundOrderTest
{
    private static final List<String> ALL = BenchMain.KNOWN_TRANSPORTS;

    @Test
    void theSameSeedGivesTheSameOrderAndEveryTransportRunsOnce()
    {
        for (int round = 1; round <= 5; round++)
        {
            final List<String> order = RoundOrder.order(ALL, 42, round, 64);
            assertEquals(order, RoundOrder.order(ALL, 42, round, 64), "round " + round);
            assertEquals(new HashSet<>(ALL), new HashSet<>(order));
            assertEquals(ALL.size(), order.size());
        }
    }

    @Test
    void roundsAndSeedsShuffleDifferently()
    {
        final Set<List<String>> orders = new HashSet<>();
        for (int round = 1; round <= 5; round++)
        {
            orders.add(RoundOrder.order(ALL, 42, round, 64));
        }
        assertTrue(orders.size() >= 4, "five rounds, " + orders.size() + " distinct orders");
        assertNotEquals(RoundOrder.order(ALL, 42, 1, 64), RoundOrder.order(ALL, 43, 1, 64));
        final Set<String> firsts = new HashSet<>();
        for (long seed = 0; seed < 50; seed++)
        {
            firsts.add(RoundOrder.order(ALL, seed, 1, 64).get(0));
        }
        assertTrue(firsts.size() >= 5, "the first transport varies with the seed: " + firsts);
    }
}
