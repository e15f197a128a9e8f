package io.mmipc.core.mailbox;

import io.mmipc.core.file.MappedFiles;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * A snapshot of a mailbox for {@code ipc stat} and {@code ipc mailbox list}, read without joining.
 *
 * @param slots        slot count.
 * @param slotSize     bytes per slot.
 * @param head         next receive position.
 * @param tail         next send position.
 * @param free         free slots, SLOT_COUNT - (TAIL - HEAD): computed from the positions, the truth.
 * @param used         claimed or published messages not yet received, TAIL - HEAD.
 * @param sent         positions claimed by senders so far (TAIL; tombstones included).
 * @param received     positions taken by receivers so far (HEAD; tombstones included).
 * @param participants every entry ever used, with its effective state.
 */
public record MailboxStatus(int slots, int slotSize, long head, long tail, long free, long used, long sent,
    long received, List<Participant> participants)
{
    /**
     * One participant entry.
     *
     * @param pid            its pid.
     * @param name           its name, "" for none.
     * @param sender         it has sent.
     * @param receiver       it has received.
     * @param state          RUNNING, PARKED, STOPPED or DEAD.
     * @param heartbeatAgeMs age of its last heartbeat.
     */
    public record Participant(long pid, String name, boolean sender, boolean receiver, ParticipantState state,
        long heartbeatAgeMs)
    {
        public boolean live()
        {
            return state == ParticipantState.RUNNING || state == ParticipantState.PARKED;
        }
    }

    /**
     * @return messages waiting.
     */
    public long fill()
    {
        return tail - head;
    }

    public long liveSenders()
    {
        return participants.stream().filter(p -> p.live() && p.sender()).count();
    }

    public long liveReceivers()
    {
        return participants.stream().filter(p -> p.live() && p.receiver()).count();
    }

    /**
     * @param file a file that may be a mailbox.
     * @return its status, or null if it is not a mailbox.
     */
    public static MailboxStatus read(final Path file) throws IOException
    {
        final byte[] magic = new byte[8];
        try (InputStream in = Files.newInputStream(file))
        {
            if (in.readNBytes(magic, 0, 8) < 8 || ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getLong() != MAGIC)
            {
                return null;
            }
        }
        final MappedByteBuffer mapped = MappedFiles.mapValidated(file, false, HEADER_LENGTH, MailboxDescriptor::validate,
            "no such mailbox");
        try
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            final ProcessIdentity me = ProcessIdentity.current();
            final ParticipantTable table = new ParticipantTable(buffer);
            final List<Participant> participants = new ArrayList<>();
            table.forEach((i, offset, slot) ->
            {
                final int roles = table.roles(i);
                participants.add(new Participant(slot.pid(), table.name(i), (roles & ROLE_SENDER) != 0,
                    (roles & ROLE_RECEIVER) != 0, slot.effectiveState(me), slot.heartbeatAgeMillis()));
            });
            final int slots = buffer.getInt(SLOT_COUNT_OFFSET);
            final long head = buffer.getLongVolatile(HEAD_OFFSET);
            final long tail = buffer.getLongVolatile(TAIL_OFFSET);
            return new MailboxStatus(slots, buffer.getInt(SLOT_SIZE_OFFSET), head, tail, slots - (tail - head),
                tail - head, tail, head, participants);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
