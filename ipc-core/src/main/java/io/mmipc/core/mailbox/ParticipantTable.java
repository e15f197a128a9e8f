package io.mmipc.core.mailbox;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MailboxFileException;
import io.mmipc.exceptions.RoleTakenException;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * The mailbox's participant table (model: Agrona's {@code CountersReader}):
 * {@link MailboxDescriptor#MAX_PARTICIPANTS} entries, each a {@link ParticipantSlot} plus the words a
 * mailbox adds (roles, the send and receive intents, a name). Shared by the participants themselves, the {@link MailboxUnblocker} and
 * {@link MailboxStatus}; it holds no state of its own besides the views.
 *
 * <p>An entry is reused only when its owner is not live <em>and</em> it holds nothing: no intent and
 * no waiting bit. A dead owner's intents are what lets the unblocker find its unfinished claims, so
 * they are resolved (by the unblocker) before the entry can be taken; this is what the old table
 * got wrong (issue 10, item 1: a newcomer cleared a dead sender's claim, and its position blocked
 * every receiver for good).
 */
public final class ParticipantTable
{
    /** What {@link #forEach} calls for each entry that was ever used. */
    @FunctionalInterface
    public interface EntryConsumer
    {
        void accept(int index, int offset, ParticipantSlot slot);
    }

    private final AtomicBuffer buffer;
    private final ParticipantSlot[] slots = new ParticipantSlot[MAX_PARTICIPANTS];

    public ParticipantTable(final AtomicBuffer buffer)
    {
        this.buffer = buffer;
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            slots[i] = new ParticipantSlot(buffer, entryOffset(i));
        }
    }

    public ParticipantSlot slot(final int index)
    {
        return slots[index];
    }

    /**
     * @return true if the entry's owner is running or parked and its process exists (or, in another
     * pid namespace, its heartbeat is fresh). CLAIMING counts as not live: a claimer writes no
     * intent before it is RUNNING, and takes only entries that hold none.
     */
    public boolean isLive(final int index, final ProcessIdentity me)
    {
        return slots[index].effectiveState(me).isLive();
    }

    /**
     * @return true if the entry was ever claimed.
     */
    public boolean used(final int index)
    {
        return buffer.getLongVolatile(entryOffset(index) + ParticipantSlot.TOKEN_OFFSET) != 0;
    }

    /**
     * Calls {@code consumer} for every entry ever claimed.
     */
    public void forEach(final EntryConsumer consumer)
    {
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            if (used(i))
            {
                consumer.accept(i, entryOffset(i), slots[i]);
            }
        }
    }

    /**
     * @return true if the entry holds a claim or a waiting bit that the unblocker must resolve first.
     */
    public boolean holdsSomething(final int index)
    {
        final int at = entryOffset(index);
        final long bit = 1L << index;
        return buffer.getLongVolatile(at + SEND_INTENT_OFFSET) != 0 ||
            buffer.getLongVolatile(at + RECV_INTENT_OFFSET) != 0 ||
            (buffer.getLongVolatile(SENDERS_WAITING_OFFSET) & bit) != 0 ||
            (buffer.getLongVolatile(RECEIVERS_WAITING_OFFSET) & bit) != 0;
    }

    /**
     * Claims an entry for {@code me}: first a dead entry of the same (non-empty) name, which is
     * adopted with whatever it holds (a durable receiver's successor), else any free entry that holds
     * nothing.
     *
     * @return the entry's index.
     * @throws ChannelFileException if every entry is live or still holds a dead owner's claim.
     */
    public int claim(final Path file, final ProcessIdentity me, final WaitStrategy wait, final byte[] name)
    {
        if (name[0] != 0)
        {
            for (int i = 0; i < MAX_PARTICIPANTS; i++)
            {
                if (used(i) && !isLive(i, me) && sameName(i, name) && tryClaim(file, me, wait, i))
                {
                    return i;
                }
            }
        }
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            if (!isLive(i, me) && slots[i].state() != ParticipantState.CLAIMING && !holdsSomething(i) &&
                tryClaim(file, me, wait, i))
            {
                return i;
            }
        }
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            // a claimer that died mid-claim left CLAIMING: ParticipantSlot.claim takes it over after its timeout
            if (!isLive(i, me) && !holdsSomething(i) && tryClaim(file, me, wait, i))
            {
                return i;
            }
        }
        throw new MailboxFileException(file, MAX_PARTICIPANTS + " entries are live or hold a dead participant's " +
            "unfinished claim; wait for receivers to attach (they resolve dead claims), or destroy and recreate it");
    }

    private boolean tryClaim(final Path file, final ProcessIdentity me, final WaitStrategy wait, final int index)
    {
        try
        {
            slots[index].claim(file, me, wait.code());
            return true;
        }
        catch (final RoleTakenException raced)
        {
            return false; // another process took this entry at the same moment
        }
    }

    private boolean sameName(final int index, final byte[] name)
    {
        final int at = entryOffset(index) + NAME_OFFSET;
        for (int i = 0; i < NAME_LENGTH; i++)
        {
            if (buffer.getByte(at + i) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the entry's name, "" for none.
     */
    public String name(final int index)
    {
        final byte[] n = new byte[NAME_LENGTH];
        buffer.getBytes(entryOffset(index) + NAME_OFFSET, n);
        return text(n);
    }

    public int roles(final int index)
    {
        return buffer.getIntVolatile(entryOffset(index) + ROLES_OFFSET);
    }

    /**
     * Encodes a name into {@code length} bytes of UTF-8, cut at a character boundary (never inside a
     * multi-byte character), zero-padded.
     */
    public static byte[] nameBytes(final String name, final int length)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, length);
        while (n > 0 && n < bytes.length && (bytes[n] & 0xC0) == 0x80)
        {
            n--; // bytes[n] continues the character that starts before it: cut before that character
        }
        final byte[] fixed = new byte[length];
        System.arraycopy(bytes, 0, fixed, 0, n);
        return fixed;
    }

    /**
     * @return the text of a zero-padded name.
     */
    public static String text(final byte[] fixed)
    {
        int n = 0;
        while (n < fixed.length && fixed[n] != 0)
        {
            n++;
        }
        return new String(fixed, 0, n, StandardCharsets.UTF_8);
    }
}
