package io.mmipc.core.mailbox;

import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MailboxFileException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Layout of a mailbox file: a bounded multi-producer, multi-consumer queue of fixed-size slots
 * (Dmitry Vyukov's array queue, as in JCTools' {@code MpmcArrayQueue}), a participant table, and two
 * wake-up words. Offsets are computed from {@link #LINE} (two cache lines, as Agrona pads against the
 * adjacent-line prefetcher), so that every word written by a different party sits on its own line.
 *
 * <pre>
 *   0                   8        12         16          20          24                32
 *   +-------------------+--------+----------+-----------+-----------+-----------------+
 *   | MAGIC "MMIPC.MB"  |VERSION |HEADER_LEN|SLOT_COUNT | SLOT_SIZE | CREATION_TIME ms|
 *   +-------------------+--------+----------+-----------+-----------+-----------------+
 *  32 | FLAGS (DESTROYED) | DESTROYED_BY pid                 ... to LINE                |
 *  TAIL_OFFSET     | TAIL: next position a sender claims (CAS)           ... to LINE    |
 *  HEAD_OFFSET     | HEAD: next position a receiver claims (CAS)         ... to LINE    |
 *  FREE_WAKE_OFFSET| FREE wake: events | waiters | futex word (16) | SENDERS_WAITING mask (8) |
 *  USED_WAKE_OFFSET| USED wake: events | waiters | futex word (16) | RECEIVERS_WAITING mask (8)|
 *  PARTICIPANTS_OFFSET | MAX_PARTICIPANTS entries of ENTRY_LENGTH (= LINE) bytes:          |
 *                  |  [0,48) ParticipantSlot | ROLES (48) | SEND_INTENT (56) |            |
 *                  |  RECV_INTENT (64) | NAME, 32 bytes UTF-8 (72)                        |
 *  HEADER_LENGTH   | slots: SLOT_COUNT x SLOT_SIZE bytes, each:                             |
 *                  |  SEQUENCE (0) | LENGTH (8) | TYPE (12) | SENDER_PID (16) |           |
 *                  |  SENDER_SEQUENCE (24) | SENDER_NAME, 16 bytes (32) | payload (48)    |
 *   +-----------------------------------------------------------------------------------+
 * </pre>
 *
 * <p>SEQUENCE is the truth about a slot (see {@link MailboxQueue}): for position {@code p} of slot
 * {@code p & (SLOT_COUNT - 1)}, the value {@code p} means free for p's sender, {@code p + 1} the
 * message of p is published, {@link #tombstone(long) tombstone(p)} p's sender died without
 * publishing, and {@code p + SLOT_COUNT} the slot was freed for the next lap. An intent word packs
 * {@code (first position << 12) | count} (0 = none); see {@link #intent(long, int)}.
 */
public final class MailboxDescriptor
{
    public static final long MAGIC = ByteBuffer.wrap("MMIPC.MB".getBytes(StandardCharsets.US_ASCII))
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    /** 3: positions are the truth (turn words, intents, waiting masks); no permit counts in the file. */
    public static final int VERSION = 3;
    /** Two 64-byte cache lines: the unit every independently written word is padded to. */
    public static final int LINE = 128;
    private static final int PAGE = 4096;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int SLOT_COUNT_OFFSET = 16;
    public static final int SLOT_SIZE_OFFSET = 20;
    public static final int CREATION_TIME_OFFSET = 24;
    public static final int FLAGS_OFFSET = 32;
    public static final int DESTROYED_BY_OFFSET = 40;
    public static final int FLAG_DESTROYED = 1;

    public static final int TAIL_OFFSET = LINE;
    public static final int HEAD_OFFSET = TAIL_OFFSET + LINE;
    /** Senders wait here for free slots; receivers wake them. A CountingSemaphore block used as a wake word. */
    public static final int FREE_WAKE_OFFSET = HEAD_OFFSET + LINE;
    public static final int SENDERS_WAITING_OFFSET = FREE_WAKE_OFFSET + CountingSemaphore.LENGTH;
    /** Receivers wait here for messages; senders wake them. */
    public static final int USED_WAKE_OFFSET = FREE_WAKE_OFFSET + LINE;
    public static final int RECEIVERS_WAITING_OFFSET = USED_WAKE_OFFSET + CountingSemaphore.LENGTH;

    public static final int PARTICIPANTS_OFFSET = USED_WAKE_OFFSET + LINE;
    public static final int ENTRY_LENGTH = LINE;
    /** One bit per entry in the waiting masks (a long). */
    public static final int MAX_PARTICIPANTS = Long.SIZE;
    public static final int ROLES_OFFSET = ParticipantSlot.LENGTH;
    public static final int SEND_INTENT_OFFSET = ROLES_OFFSET + 8;
    public static final int RECV_INTENT_OFFSET = SEND_INTENT_OFFSET + 8;
    public static final int NAME_OFFSET = RECV_INTENT_OFFSET + 8;
    public static final int NAME_LENGTH = 32;
    public static final int ROLE_SENDER = 1;
    public static final int ROLE_RECEIVER = 2;
    /** A receiver whose claimed, unfreed messages wait for its successor of the same name (see Mailbox). */
    public static final int ROLE_DURABLE = 4;

    public static final int HEADER_LENGTH = align(PARTICIPANTS_OFFSET + MAX_PARTICIPANTS * ENTRY_LENGTH, PAGE);

    public static final int SLOT_SEQUENCE_OFFSET = 0;
    public static final int SLOT_LENGTH_OFFSET = 8;
    public static final int SLOT_TYPE_OFFSET = 12;
    public static final int SLOT_SENDER_PID_OFFSET = 16;
    public static final int SLOT_SENDER_SEQUENCE_OFFSET = 24;
    public static final int SLOT_SENDER_NAME_OFFSET = 32;
    public static final int SLOT_SENDER_NAME_LENGTH = 16;
    public static final int SLOT_HEADER_LENGTH = SLOT_SENDER_NAME_OFFSET + SLOT_SENDER_NAME_LENGTH;

    /** Set in a SEQUENCE word that holds a tombstone: above every position a file can reach. */
    public static final long TOMBSTONE_BIT = 1L << 62;
    /** Largest count one intent (one CAS of TAIL or HEAD) covers. */
    public static final int MAX_BATCH = (1 << 12) - 1;
    private static final int INTENT_COUNT_BITS = 12;

    public static final int MIN_SLOT_SIZE = 64;
    public static final int MAX_SLOT_SIZE = 1 << 20;
    public static final int MIN_SLOTS = 2;
    public static final int MAX_SLOTS = 1 << 20;
    public static final long MAX_RING = 1L << 30;

    private MailboxDescriptor()
    {
    }

    /**
     * @param position a position.
     * @return the SEQUENCE value that marks p's slot as a tombstone: skipped by receivers, freed like a message.
     */
    public static long tombstone(final long position)
    {
        return (position + 1) | TOMBSTONE_BIT;
    }

    /**
     * @param first first position of a claim.
     * @param count positions, 1..{@link #MAX_BATCH}.
     * @return the intent word: never 0.
     */
    public static long intent(final long first, final int count)
    {
        return (first << INTENT_COUNT_BITS) | count;
    }

    public static long intentFirst(final long intent)
    {
        return intent >>> INTENT_COUNT_BITS;
    }

    public static int intentCount(final long intent)
    {
        return (int)(intent & MAX_BATCH);
    }

    /**
     * @return true if the intent word covers position p.
     */
    public static boolean covers(final long intent, final long position)
    {
        final long first = intentFirst(intent);
        return intent != 0 && position >= first && position < first + intentCount(intent);
    }

    /**
     * @param slotOffset  a slot's offset in the file.
     * @return the slot's payload offset.
     */
    static int payloadOffset(final int slotOffset)
    {
        return slotOffset + SLOT_HEADER_LENGTH;
    }

    /**
     * @param index an entry's index, 0..MAX_PARTICIPANTS-1.
     * @return its offset.
     */
    public static int entryOffset(final int index)
    {
        return PARTICIPANTS_OFFSET + index * ENTRY_LENGTH;
    }

    private static int align(final int value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * @param slotSize a slot's bytes.
     * @return the largest message payload it holds.
     */
    public static int maxPayload(final int slotSize)
    {
        return slotSize - SLOT_HEADER_LENGTH;
    }

    /**
     * Checks requested sizes before a mailbox is created.
     */
    public static void checkSizes(final Path file, final long slots, final long slotSize)
    {
        if (slots < MIN_SLOTS || slots > MAX_SLOTS || Long.bitCount(slots) != 1)
        {
            throw new MailboxFileException(file, "slot count " + slots + " is not a power of two between " + MIN_SLOTS +
                " and " + MAX_SLOTS + "; e.g. --slots 4096");
        }
        if (slotSize < MIN_SLOT_SIZE || slotSize > MAX_SLOT_SIZE || Long.bitCount(slotSize) != 1)
        {
            throw new MailboxFileException(file, "slot size " + slotSize + " is not a power of two between " +
                MIN_SLOT_SIZE + " and " + MAX_SLOT_SIZE + "; e.g. --slot-size 1024");
        }
        if (slots * slotSize > MAX_RING)
        {
            throw new MailboxFileException(file, "slots x slot size = " + slots * slotSize + " bytes exceeds 1 GiB");
        }
    }

    /**
     * Validates the static header against the file's real length, before anything is mapped.
     */
    public static void validate(final Path file, final ByteBuffer header, final long fileLength)
    {
        if (fileLength < HEADER_LENGTH)
        {
            throw new MailboxFileException(file, "the file is " + fileLength + " bytes, shorter than the " +
                HEADER_LENGTH + "-byte mailbox header (truncated, or not an mmipc mailbox); remove it");
        }
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new MailboxFileException(file, "not an mmipc mailbox (wrong magic 0x" + Long.toHexString(magic) +
                "); check the name, or use 'ipc stat' to see what it is");
        }
        if (header.getInt(VERSION_OFFSET) != VERSION || header.getInt(HEADER_LENGTH_OFFSET) != HEADER_LENGTH)
        {
            throw new MailboxFileException(file, "mailbox layout version " + header.getInt(VERSION_OFFSET) +
                " with header length " + header.getInt(HEADER_LENGTH_OFFSET) + " is not version " + VERSION +
                "; use the mmipc that created it, or destroy and recreate it");
        }
        final int slots = header.getInt(SLOT_COUNT_OFFSET);
        final int slotSize = header.getInt(SLOT_SIZE_OFFSET);
        try
        {
            checkSizes(file, slots, slotSize);
        }
        catch (final ChannelFileException ex)
        {
            throw new MailboxFileException(file, "the header is corrupt (" + ex.getMessage() + "); remove the file");
        }
        if (fileLength != HEADER_LENGTH + (long)slots * slotSize)
        {
            throw new MailboxFileException(file, "the file is " + fileLength + " bytes but its header says " +
                (HEADER_LENGTH + (long)slots * slotSize) + "; it was truncated or resized, remove it");
        }
    }
}
