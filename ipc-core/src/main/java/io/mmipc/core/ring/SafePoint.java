package io.mmipc.core.ring;

/**
 * How a ring side keeps out of a recovery's way, and stops if it lost its role. Implemented by the
 * channel ({@code ChannelSafePoint}); the ring only calls it, so the ring knows nothing of recovery.
 *
 * <p>A side is INSIDE while it may move permits and OUTSIDE while it holds none privately. It
 * {@link #enter()}s before its first shared store and after every {@link #leave()}; at each safe
 * point (nothing held privately) it asks {@link #pauseRequested()} and, if so, leaves and enters
 * again, which waits out the recovery. The contract that makes a recomputation safe: a side never
 * touches FREE, USED, the head or the tail while OUTSIDE.
 */
public interface SafePoint
{
    /**
     * Marks this side INSIDE, first waiting out any recovery under way.
     *
     * @return false if a stop was requested while waiting: the side is then OUTSIDE and must touch
     *         nothing shared.
     * @throws io.mmipc.exceptions.RoleTakenException if this process lost its role (fenced).
     */
    boolean enter();

    /**
     * Marks this side OUTSIDE. Call only while holding no permits privately.
     */
    void leave();

    /**
     * @return true if a recovery asks this side to step outside (one volatile load of a read-mostly
     *         line).
     */
    boolean pauseRequested();

    /**
     * Checks, before a shared store, that this process still holds its role: a process that was
     * paused while another took the role over (or fenced it) must stop before it writes.
     *
     * @throws io.mmipc.exceptions.RoleTakenException if it does not.
     */
    void checkOwner();
}
