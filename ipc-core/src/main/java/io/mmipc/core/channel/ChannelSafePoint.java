package io.mmipc.core.channel;

import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.ring.SafePoint;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.RoleLostException;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import static io.mmipc.core.file.ChannelDescriptor.RECOVERY_REQUEST_OFFSET;

/**
 * One endpoint's side of the recovery handshake (see {@link ChannelRecovery} for the other side).
 *
 * <p>{@link #enter()} is one half of a Dekker pair: this side stores INSIDE (a full fence) and then
 * reads the request word; a recovering peer CASes the request word (a full fence) and then reads
 * this side's ACTIVITY. One of the two always sees the other, so either the recovery waits for this
 * side, or this side sees the request and steps back OUTSIDE before touching anything. Neither needs
 * the other to make progress on anything but this handshake: a side that is blocked reading its
 * source has left first, and a recovery goes ahead around it.
 */
final class ChannelSafePoint implements SafePoint
{
    private final Path file;
    private final AtomicBuffer buffer;
    private final ParticipantSlot self;
    private final ParticipantSlot peer;
    private final ProcessIdentity me;
    private final StopFlag stop;

    ChannelSafePoint(final Path file, final AtomicBuffer buffer, final ParticipantSlot self, final ParticipantSlot peer,
        final ProcessIdentity me, final StopFlag stop)
    {
        this.file = file;
        this.buffer = buffer;
        this.self = self;
        this.peer = peer;
        this.me = me;
        this.stop = stop;
    }

    @Override
    public boolean enter()
    {
        while (true)
        {
            if (!self.enterVolatile()) // a CAS, a full fence before the request is read: the Dekker pair
            {
                checkOwner(); // throws: the role was taken over or fenced
            }
            final long request = buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET);
            if (request == 0)
            {
                return true;
            }
            self.leaveOrdered();
            if (!awaitCleared(request))
            {
                return false;
            }
        }
    }

    /**
     * Waits, OUTSIDE, until the request is cleared, or clears it if its requester died.
     *
     * @param request the token seen.
     * @return false if a stop was requested first.
     */
    private boolean awaitCleared(final long request)
    {
        while (buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET) == request)
        {
            if (stop.requested())
            {
                return false;
            }
            if (!ChannelRecovery.requesterAlive(buffer, me, request, self, peer))
            {
                // the requester died or left mid-recovery: nobody else will clear it
                buffer.compareAndSetLong(RECOVERY_REQUEST_OFFSET, request, 0);
                break;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    @Override
    public void leave()
    {
        self.leaveOrdered();
    }

    @Override
    public boolean pauseRequested()
    {
        return buffer.getLongVolatile(RECOVERY_REQUEST_OFFSET) != 0;
    }

    @Override
    public void checkOwner()
    {
        if (!self.isOwner())
        {
            throw new RoleLostException(file, self.role(), self.state() == ParticipantState.EMPTY ? 0 : self.pid());
        }
    }
}
