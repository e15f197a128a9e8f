package io.mmipc.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The machine's one-way cache-line handoff: two threads, pinned to two CPUs where the machine
 * allows, play ping-pong on two counters a few cache lines apart (padded: no false sharing). Each
 * round trip moves one line to the other core and another line back, so half the round trip is
 * the floor under any shared-memory transport's one-way latency: the receiver must at least see
 * the line the sender wrote. Reported as half the median round trip.
 */
final class Handoff
{
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs between the two counters and from the array's ends: 128 bytes, two lines (adjacent-line prefetch). */
    private static final int PAD = 16;
    private static final int PING = PAD;
    private static final int PONG = 2 * PAD;
    /** Round trips before timing starts (JIT). */
    private static final long WARMUP = 10_000;

    private Handoff()
    {
    }

    /**
     * @param trips round trips to time (each on its own, with {@code System.nanoTime()}).
     * @return half the median round trip in ns, and whether both threads were pinned.
     */
    static Result measure(final int trips)
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            return new Result(Double.NaN, false); // one CPU: the two threads would take turns, not hand off
        }
        final long[] lines = new long[3 * PAD + 1];
        final long[] rtt = new long[trips];
        final boolean[] pinned = new boolean[2];
        final Thread pong = new Thread(() ->
        {
            pinned[1] = Native.pin(1);
            for (long i = 1; i <= trips + WARMUP; i++)
            {
                while ((long)SLOT.getAcquire(lines, PING) != i)
                {
                    Thread.onSpinWait();
                }
                SLOT.setRelease(lines, PONG, i); // the answer: this line goes back to the pinger's core
            }
        }, "handoff-pong");
        final Thread ping = new Thread(() ->
        {
            pinned[0] = Native.pin(0);
            for (long i = 1; i <= trips + WARMUP; i++)
            {
                final long start = System.nanoTime();
                SLOT.setRelease(lines, PING, i); // the question: this line goes to the ponger's core
                while ((long)SLOT.getAcquire(lines, PONG) != i)
                {
                    Thread.onSpinWait();
                }
                if (i > WARMUP)
                {
                    rtt[(int)(i - WARMUP - 1)] = System.nanoTime() - start;
                }
            }
        }, "handoff-ping");
        // separate threads, so that the bench's own thread is never pinned
        pong.start();
        ping.start();
        try
        {
            ping.join();
            pong.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Result(Double.NaN, false);
        }
        Arrays.sort(rtt);
        return new Result(rtt[trips / 2] / 2.0, pinned[0] && pinned[1]);
    }

    /**
     * @param oneWayNanos half the median round trip.
     * @param pinned      true if the two threads ran pinned to CPUs 0 and 1.
     */
    record Result(double oneWayNanos, boolean pinned)
    {
        @Override
        public String toString()
        {
            return String.format(java.util.Locale.ROOT, "cache-line handoff (two-thread ping-pong, %s): one way %.0f ns " +
                "(half the median round trip)", pinned ? "pinned to CPUs 0 and 1" : "not pinned", oneWayNanos);
        }
    }
}
