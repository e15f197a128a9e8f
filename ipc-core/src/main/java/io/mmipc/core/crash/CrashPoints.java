package io.mmipc.core.crash;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only crash points: halts the JVM, as {@code kill -9} would, just before the N-th shared store
 * of one protocol scope, so that a test can walk every store of send, receive, produce, consume and
 * recovery and prove that the next process recovers from each.
 *
 * <p>Armed by the system property {@value #PROPERTY}{@code =SCOPE:N} (for example
 * {@code -Dmmipc.crashAt=producer:17}); the scopes are the constants of this class. The property is
 * read once into {@code static final} fields, so when it is absent every {@link #store(String)}
 * call folds to nothing in compiled code: no cost on the hot path.
 *
 * <p>When the N-th store of the scope is reached the JVM prints {@code mmipc: crash point SCOPE:N}
 * to stderr and calls {@link Runtime#halt(int)} with {@link #EXIT_CODE}: no shutdown hook, no
 * finally block, no flush, exactly what a killed process leaves behind. A process that finishes
 * with fewer stores than N exits normally, which is how a test knows it has walked every point.
 */
public final class CrashPoints
{
    /** The system property that arms a crash point, {@code SCOPE:N}. */
    public static final String PROPERTY = "mmipc.crashAt";
    /** Exit code of a JVM halted at a crash point. */
    public static final int EXIT_CODE = 99;

    /** The channel producer's stores: record header, commit, tail, semaphores. */
    public static final String PRODUCER = "producer";
    /** The channel consumer's stores: head, next sequence, semaphores. */
    public static final String CONSUMER = "consumer";
    /** The channel recovery's stores. */
    public static final String RECOVERY = "recovery";
    /** A mailbox sender's stores. */
    public static final String SEND = "send";
    /** A mailbox receiver's stores. */
    public static final String RECEIVE = "receive";
    /** A mailbox unblocker's (repair's) stores. */
    public static final String REPAIR = "repair";

    private static final boolean ENABLED;
    private static final String SCOPE;
    private static final long AT;
    private static final AtomicLong COUNT = new AtomicLong();

    static
    {
        final String spec = System.getProperty(PROPERTY, "");
        final int colon = spec.lastIndexOf(':');
        long at = -1;
        String scope = "";
        if (colon > 0)
        {
            scope = spec.substring(0, colon);
            try
            {
                at = Long.parseLong(spec.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                at = -1;
            }
        }
        if (!spec.isEmpty() && at < 1)
        {
            throw new IllegalArgumentException("-D" + PROPERTY + " wants SCOPE:N with N >= 1, e.g. producer:17; got " + spec);
        }
        ENABLED = at >= 1;
        SCOPE = scope;
        AT = at;
    }

    private CrashPoints()
    {
    }

    /**
     * Marks a shared store about to happen in {@code scope}; halts the JVM if it is the armed one.
     *
     * @param scope one of this class's scope constants.
     */
    public static void store(final String scope)
    {
        if (ENABLED)
        {
            hit(scope);
        }
    }

    /**
     * @return true if a crash point is armed in this JVM.
     */
    public static boolean enabled()
    {
        return ENABLED;
    }

    private static void hit(final String scope)
    {
        if (SCOPE.equals(scope) && COUNT.incrementAndGet() == AT)
        {
            System.err.println("mmipc: crash point " + scope + ":" + AT);
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
