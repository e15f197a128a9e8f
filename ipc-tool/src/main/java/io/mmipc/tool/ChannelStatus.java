package io.mmipc.tool;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.mmipc.core.file.ChannelDescriptor.*;

/**
 * A snapshot of a channel read without joining it, for {@code ipc stat}, {@code ipc list} and
 * {@code ipc rm}: the one place in the tool that reads the channel header's fields. Every field is
 * read volatile: the writers are other processes, and a snapshot should show their latest stores.
 *
 * @param path         the file.
 * @param capacity     ring bytes.
 * @param maxRecord    largest record.
 * @param head         consumer position.
 * @param tail         producer position.
 * @param free         FREE semaphore value (free bytes not yet taken by the producer).
 * @param freeParked   waiters parked on FREE.
 * @param used         USED semaphore value (committed records not yet taken by the consumer).
 * @param usedParked   waiters parked on USED.
 * @param nextSequence the producer's next sequence.
 * @param expected     the sequence the consumer expects next.
 * @param endOfStream  END_OF_STREAM was written.
 * @param sides        the producer's and the consumer's slots.
 */
record ChannelStatus(Path path, int capacity, int maxRecord, long head, long tail, long free, int freeParked, long used,
    int usedParked, long nextSequence, long expected, boolean endOfStream, List<Side> sides)
{
    /**
     * One role's slot and counters.
     *
     * @param role           producer or consumer.
     * @param state          its effective state (a dead process's slot reads DEAD).
     * @param pid            its pid, 0 if never used.
     * @param heartbeatAgeMs age of its heartbeat.
     * @param waitStrategy   its wait strategy, null if none.
     * @param records        records it moved.
     * @param bytes          bytes it moved.
     * @param waits          times it waited.
     * @param wakeupsSent    wake-ups it sent.
     */
    record Side(Role role, ParticipantState state, long pid, long heartbeatAgeMs, WaitStrategy waitStrategy, long records,
        long bytes, long waits, long wakeupsSent)
    {
        /**
         * @return true while a live process holds the role (claiming it counts).
         */
        boolean live()
        {
            return state.isLive() || state == ParticipantState.CLAIMING;
        }
    }

    /**
     * @param path a channel file.
     * @return its status.
     * @throws io.mmipc.exceptions.ChannelFileException if it is missing or not a valid channel.
     */
    static ChannelStatus read(final Path path)
    {
        try (ChannelFile file = ChannelFile.open(path))
        {
            final UnsafeBuffer b = file.buffer();
            final ProcessIdentity me = ProcessIdentity.current();
            final List<Side> sides = new ArrayList<>();
            for (final Role role : Role.values())
            {
                final ParticipantSlot slot = new ParticipantSlot(b, slotOffset(role), role);
                final int c = countersOffset(role);
                sides.add(new Side(role, slot.effectiveState(me), slot.pid(), slot.heartbeatAgeMillis(),
                    WaitStrategy.ofCode(slot.wakeMode()), b.getLongVolatile(c + COUNTER_RECORDS),
                    b.getLongVolatile(c + COUNTER_BYTES), b.getLongVolatile(c + COUNTER_WAITS),
                    b.getLongVolatile(c + COUNTER_WAKEUPS_SENT)));
            }
            return new ChannelStatus(file.path(), file.capacity(), file.maxRecordLength(), b.getLongVolatile(HEAD_OFFSET),
                b.getLongVolatile(TAIL_OFFSET), b.getLongVolatile(FREE_SEMAPHORE_OFFSET),
                b.getIntVolatile(FREE_SEMAPHORE_OFFSET + 8), b.getLongVolatile(USED_SEMAPHORE_OFFSET),
                b.getIntVolatile(USED_SEMAPHORE_OFFSET + 8), b.getLongVolatile(NEXT_SEQUENCE_OFFSET),
                b.getLongVolatile(CONSUMER_NEXT_SEQUENCE_OFFSET), (file.flags() & FLAG_END_OF_STREAM) != 0, sides);
        }
    }

    /**
     * @return bytes written and not yet consumed.
     */
    long fill()
    {
        return tail - head;
    }

    /**
     * @return the sides a live process holds.
     */
    List<Side> liveSides()
    {
        return sides.stream().filter(Side::live).toList();
    }

    /**
     * @return the sides whose process died without leaving.
     */
    long deadSides()
    {
        return sides.stream().filter(s -> s.state() == ParticipantState.DEAD).count();
    }
}
