package io.mmipc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of the transports in one round at one size: a shuffle drawn from the run's seed, the
 * round and the size, so that no transport always runs first (on a cold machine) or always right
 * after another (in its wake), and so that {@code --seed} repeats a run's order exactly.
 */
final class RoundOrder
{
    private RoundOrder()
    {
    }

    static List<String> order(final List<String> transports, final long seed, final int round, final int size)
    {
        final List<String> order = new ArrayList<>(transports);
        final long mixed = seed * 0x9E3779B97F4A7C15L + round * 0xBF58476D1CE4E5B9L + size * 0x94D049BB133111EBL;
        Collections.shuffle(order, new Random(mixed));
        return order;
    }
}
