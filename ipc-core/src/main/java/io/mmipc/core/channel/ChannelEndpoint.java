package io.mmipc.core.channel;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.jfr.TakeoverEvent;
import io.mmipc.core.liveness.Heartbeat;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.StreamEndedException;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static io.mmipc.core.file.ChannelDescriptor.*;

/**
 * One process's attachment to a channel in one role: the mapped file, its participant slot (claimed,
 * with a heartbeat), a waiter and a waker, and the ring side of its role. Closing it stops cleanly:
 * flush, give back reserved space, mark STOPPED, unmap.
 */
public final class ChannelEndpoint implements AutoCloseable
{
    private final ChannelFile file;
    private final Role role;
    private final ParticipantSlot slot;
    private final ParticipantSlot peerSlot;
    private final ProcessIdentity me;
    private final Heartbeat heartbeat;
    private final Waiter waiter;
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final ParticipantState previousState;
    private final String recovery;
    private final boolean streamEndPending;
    private final boolean recoveryPending;
    private boolean closed;

    private ChannelEndpoint(final ChannelFile file, final Role role, final WaitStrategy wait, final StopFlag stop,
        final int batchRecords)
    {
        this.file = file;
        this.role = role;
        this.me = ProcessIdentity.current();
        final UnsafeBuffer buffer = file.buffer();
        this.slot = new ParticipantSlot(buffer, slotOffset(role), role);
        this.waiter = new Waiter(wait, slot, stop); // installs the SIGUSR1 handler before the claim advertises it
        final long previousPid = slot.pid();
        this.previousState = slot.claim(file.path(), me, wait.code());
        if (previousState == ParticipantState.DEAD)
        {
            final TakeoverEvent takeover = new TakeoverEvent();
            if (takeover.shouldCommit())
            {
                takeover.channel = file.path().toString();
                takeover.role = role.label();
                takeover.previousPid = previousPid;
                takeover.commit();
            }
        }
        this.heartbeat = Heartbeat.start(slot, me, wait.code());
        this.peerSlot = new ParticipantSlot(buffer, slotOffset(role.peer()), role.peer());
        final ChannelSafePoint safePoint = new ChannelSafePoint(file.path(), buffer, slot, peerSlot, me, stop);
        try
        {
            if (previousState == ParticipantState.DEAD || peerSlot.effectiveState(me) == ParticipantState.DEAD)
            {
                // A dead process may have held permits privately: recompute them from the positions.
                final String account = ChannelRecovery.recover(file, me, slot, peerSlot, stop);
                recoveryPending = account == null;
                recovery = account;
            }
            else
            {
                recovery = null;
                recoveryPending = false;
            }
        }
        catch (final RuntimeException ex)
        {
            heartbeat.close(); // before the caller unmaps: the heartbeat thread writes into the mapping
            slot.state(ParticipantState.STOPPED);
            throw ex;
        }
        final Waker waker = new Waker(peerSlot, me);
        if (role == Role.PRODUCER)
        {
            streamEndPending = !startStream();
            this.producer = new RingProducer(file, waiter, waker, safePoint, countersOffset(role), batchRecords);
            this.consumer = null;
        }
        else
        {
            if (streamFinished())
            {
                // The last stream ended and was read: the next producer starts a new one at 0.
                buffer.putLongRelease(CONSUMER_NEXT_SEQUENCE_OFFSET, 0);
            }
            this.consumer = new RingConsumer(file, waiter, waker, safePoint, countersOffset(role));
            this.producer = null;
            this.streamEndPending = false;
        }
    }

    /**
     * Attaches to a channel, creating its file if missing.
     *
     * @param path            the channel file.
     * @param capacity        ring bytes when creating; must match an existing file's when {@code explicit}.
     * @param maxRecordLength largest payload when creating.
     * @param mode            permissions when creating.
     * @param explicitSizes   true if the user asked for these sizes, so a mismatch is an error.
     * @param role            producer or consumer.
     * @param wait            wait strategy.
     * @param stop            stop flag seen by every wait.
     * @param batchRecords    producer's records per USED release.
     * @return the endpoint.
     */
    public static ChannelEndpoint attach(
        final Path path,
        final int capacity,
        final int maxRecordLength,
        final Set<PosixFilePermission> mode,
        final boolean explicitSizes,
        final Role role,
        final WaitStrategy wait,
        final StopFlag stop,
        final int batchRecords)
    {
        return attach(path, capacity, maxRecordLength, mode, explicitSizes, role, wait, stop, batchRecords, false);
    }

    /**
     * Attaches to a channel, creating its file if missing.
     *
     * @param allowUntrusted open even a link, another user's or an others-writable file.
     * @return the endpoint.
     * @see #attach(Path, int, int, Set, boolean, Role, WaitStrategy, StopFlag, int)
     */
    public static ChannelEndpoint attach(
        final Path path,
        final int capacity,
        final int maxRecordLength,
        final Set<PosixFilePermission> mode,
        final boolean explicitSizes,
        final Role role,
        final WaitStrategy wait,
        final StopFlag stop,
        final int batchRecords,
        final boolean allowUntrusted)
    {
        final ChannelFile file = ChannelFile.createOrOpen(path, capacity, maxRecordLength, mode, allowUntrusted);
        try
        {
            if (explicitSizes && (file.capacity() != capacity || file.maxRecordLength() != maxRecordLength))
            {
                throw new ChannelFileException(path, "exists with capacity " + file.capacity() + " and max record " +
                    file.maxRecordLength() + ", but capacity " + capacity + " and max record " + maxRecordLength +
                    " were asked for; give both daemons the same --capacity, or remove the file");
            }
            final ChannelEndpoint endpoint = new ChannelEndpoint(file, role, wait, stop, batchRecords);
            file.prefault(); // after the slot is ours: a refused second producer touches nothing
            return endpoint;
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    private boolean streamFinished()
    {
        final UnsafeBuffer buffer = file.buffer();
        return (file.flags() & FLAG_END_OF_STREAM) != 0 &&
            buffer.getLongVolatile(HEAD_OFFSET) == buffer.getLongVolatile(TAIL_OFFSET);
    }

    /**
     * @return false if the channel holds the end of a stream no consumer has read yet, so that no
     *         new stream can start.
     */
    private boolean startStream()
    {
        if ((file.flags() & FLAG_END_OF_STREAM) == 0)
        {
            return true; // a new channel, or a stream a previous producer stopped midway: continue it
        }
        if (!streamFinished())
        {
            return false;
        }
        final UnsafeBuffer buffer = file.buffer();
        buffer.putLongRelease(NEXT_SEQUENCE_OFFSET, 0);
        buffer.putLongRelease(CONSUMER_NEXT_SEQUENCE_OFFSET, 0);
        file.clearFlags(FLAG_END_OF_STREAM);
        return true;
    }

    /**
     * @return true if this producer found the end of a stream that no consumer has read yet: the
     *         stream is complete, and nothing may be appended to it.
     */
    public boolean streamEndPending()
    {
        return streamEndPending;
    }

    /**
     * @return what recovery did when this process attached after a dead participant, or null.
     */
    public String recovery()
    {
        return recovery;
    }

    /**
     * @return a clear error for a producer that would append to a finished stream.
     */
    public StreamEndedException finishedStreamError()
    {
        return new StreamEndedException(file.path(), producer().nextSequence());
    }

    /**
     * @return the producer side; only for the PRODUCER role.
     */
    public RingProducer producer()
    {
        if (producer == null)
        {
            throw new IllegalStateException("attached as " + role.label() + ", not producer");
        }
        return producer;
    }

    /**
     * @return the consumer side; only for the CONSUMER role.
     */
    public RingConsumer consumer()
    {
        if (consumer == null)
        {
            throw new IllegalStateException("attached as " + role.label() + ", not consumer");
        }
        return consumer;
    }

    public ChannelFile file()
    {
        return file;
    }

    public Role role()
    {
        return role;
    }

    public Waiter waiter()
    {
        return waiter;
    }

    /**
     * @return the published tail less the published head: bytes of records the consumer has not yet
     *         given back (volatile reads, safe from any thread while this endpoint is open).
     */
    public long backlog()
    {
        return file.buffer().getLongVolatile(TAIL_OFFSET) - file.buffer().getLongVolatile(HEAD_OFFSET);
    }

    /**
     * @return true while the peer role is held by a live process (or one claiming it); a volatile read
     *         of its slot, safe from any thread while this endpoint is open.
     */
    public boolean peerLive()
    {
        final ParticipantState state = peerSlot.effectiveState(me);
        return state.isLive() || state == ParticipantState.CLAIMING;
    }

    /**
     * @return the state the slot was in when this process claimed it (EMPTY, STOPPED or DEAD).
     */
    public ParticipantState previousState()
    {
        return previousState;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (producer != null && slot.isOwner())
            {
                producer.close();
            }
            if (consumer != null)
            {
                consumer.leave();
            }
            heartbeat.close();
            if (slot.isOwner() && !recoveryPending)
            {
                // Left RUNNING when a stop interrupted recovery: once this process is gone the slot
                // reads DEAD, and the next process recovers.
                slot.state(ParticipantState.STOPPED);
            }
        }
        finally
        {
            file.close();
        }
    }
}
