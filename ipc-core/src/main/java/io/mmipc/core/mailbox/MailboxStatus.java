package io.mmipc.core.mailbox;

import io.mmipc.core.file.MappedFiles;
import io.mmipc.core.liveness.ParticipantSlot;
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
 * @param free         FREE permits.
 * @param used         USED permits.
 * @param sent         messages sent so far.
 * @param received     messages received so far.
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
            final List<Participant> participants = new ArrayList<>();
            for (int i = 0; i < MAX_PARTICIPANTS; i++)
            {
                final int at = PARTICIPANTS_OFFSET + i * PARTICIPANT_LENGTH;
                final ParticipantSlot slot = new ParticipantSlot(buffer, at);
                if (buffer.getLongVolatile(at + ParticipantSlot.TOKEN_OFFSET) == 0)
                {
                    continue;
                }
                final byte[] name = new byte[NAME_LENGTH];
                buffer.getBytes(at + NAME_OFFSET, name);
                final int roles = buffer.getIntVolatile(at + ROLES_OFFSET);
                participants.add(new Participant(slot.pid(), Mailbox.text(name), (roles & ROLE_SENDER) != 0,
                    (roles & ROLE_RECEIVER) != 0, slot.effectiveState(me), slot.heartbeatAgeMillis()));
            }
            return new MailboxStatus(buffer.getInt(SLOT_COUNT_OFFSET), buffer.getInt(SLOT_SIZE_OFFSET),
                buffer.getLongVolatile(HEAD_OFFSET), buffer.getLongVolatile(TAIL_OFFSET),
                buffer.getLongVolatile(FREE_SEMAPHORE_OFFSET), buffer.getLongVolatile(USED_SEMAPHORE_OFFSET),
                buffer.getLongVolatile(SENT_OFFSET), buffer.getLongVolatile(RECEIVED_OFFSET), participants);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
