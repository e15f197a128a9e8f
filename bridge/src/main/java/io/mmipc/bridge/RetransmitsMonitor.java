package io.mmipc.bridge;

/**
 * Commits a {@link RetransmitsEvent} when a bridge's repair counters changed, at most every
 * {@link #PERIOD_NANOS}: a lossy link changes them all the time, and one event per period says as
 * much as one per NAK. Costs a comparison per call while no recording enables the event.
 */
final class RetransmitsMonitor
{
    /** Shortest time between two events. */
    static final long PERIOD_NANOS = 100_000_000L;

    private final String role;
    private final String peer;
    private long nextNanos;
    private long naksSent;
    private long naksReceived;
    private long retransmits;
    private long lossGapFills;
    private long rewinds;

    /**
     * @param role "send" or "receive".
     * @param peer the other bridge's address.
     */
    RetransmitsMonitor(final String role, final String peer)
    {
        this.role = role;
        this.peer = peer;
    }

    /**
     * Called with the counters' current values (totals since the bridge started).
     *
     * @return true if an event was committed.
     */
    boolean sample(final long nowNanos, final long naksSent, final long naksReceived, final long retransmits,
        final long lossGapFills, final long rewinds)
    {
        if (nowNanos - nextNanos < 0 || (naksSent == this.naksSent && naksReceived == this.naksReceived &&
            retransmits == this.retransmits && lossGapFills == this.lossGapFills && rewinds == this.rewinds))
        {
            return false;
        }
        nextNanos = nowNanos + PERIOD_NANOS;
        final RetransmitsEvent event = new RetransmitsEvent(); // at most ten a second: not a hot path
        final boolean committed = event.shouldCommit();
        if (committed)
        {
            event.role = role;
            event.peer = peer;
            event.naksSent = naksSent;
            event.naksReceived = naksReceived;
            event.retransmits = retransmits;
            event.retransmitsDelta = retransmits - this.retransmits;
            event.lossGapFills = lossGapFills;
            event.rewinds = rewinds;
            event.commit();
        }
        this.naksSent = naksSent;
        this.naksReceived = naksReceived;
        this.retransmits = retransmits;
        this.lossGapFills = lossGapFills;
        this.rewinds = rewinds;
        return committed;
    }
}
