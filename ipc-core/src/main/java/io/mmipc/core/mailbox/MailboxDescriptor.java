package io.mmipc.core.mailbox;

import io.mmipc.core.file.ChannelFileException;
import io.mmipc.core.liveness.ParticipantSlot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Layout of a mailbox file: a multi-producer, multi-consumer queue of fixed-size slots.
 *
 * <pre>
 *     0                   8        12         16          20          24                32
 *     +-------------------+--------+----------+-----------+-----------+-----------------+
 *     | MAGIC "MMIPC.MB"  |VERSION |HEADER_LEN|SLOT_COUNT | SLOT_SIZE | CREATION_TIME ms|
 *     +-------------------+--------+----------+-----------+-----------+-----------------+
 *  32 | FLAGS (DESTROYED) | DESTROYED_BY pid (40) | (to 128)                            |
 *  128| FREE semaphore: free slots      (value | waiters | futex wake word)             |
 *  256| USED semaphore: committed messages                                             |
 *  384| TAIL: next position a sender claims (CAS)                                      |
 *  512| HEAD: next position a receiver claims (CAS)                                    |
 *  640| SENT counter        768| RECEIVED counter                                      |
 * 1024| participant table: 64 entries of 128 bytes                                     |
 *     |   [0..56) a ParticipantSlot | ROLES (56) | CLAIMING position+1 (64) | NAME (72..104)
 *16384| slots: SLOT_COUNT x SLOT_SIZE bytes                                            |
 *     +--------------------------------------------------------------------------------+
 *
 * slot:
 *     0            8        12       16           24               32           48
 *     +------------+--------+--------+------------+----------------+------------+---------+
 *     | SEQUENCE   | LENGTH |  TYPE  | SENDER_PID | SENDER_SEQUENCE| SENDER_NAME| payload |
 *     +------------+--------+--------+------------+----------------+------------+---------+
 * </pre>
 *
 * SEQUENCE is the slot's turn, as in Dmitry Vyukov's bounded MPMC queue: a slot at index
 * {@code i} is free for position {@code p} ({@code p % SLOT_COUNT == i}) when SEQUENCE == p,
 * holds the committed message of position p when SEQUENCE == p + 1, and is freed for the next lap
 * by storing p + SLOT_COUNT.
 */
public final class MailboxDescriptor
{
    public static final long MAGIC = ByteBuffer.wrap("MMIPC.MB".getBytes(StandardCharsets.US_ASCII))
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    public static final int VERSION = 2;
    public static final int HEADER_LENGTH = 16384;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int SLOT_COUNT_OFFSET = 16;
    public static final int SLOT_SIZE_OFFSET = 20;
    public static final int CREATION_TIME_OFFSET = 24;
    public static final int FLAGS_OFFSET = 32;
    public static final int DESTROYED_BY_OFFSET = 40;
    public static final int FLAG_DESTROYED = 1;

    public static final int FREE_SEMAPHORE_OFFSET = 128;
    public static final int USED_SEMAPHORE_OFFSET = 256;
    public static final int TAIL_OFFSET = 384;
    public static final int HEAD_OFFSET = 512;
    public static final int SENT_OFFSET = 640;
    public static final int RECEIVED_OFFSET = 768;

    public static final int PARTICIPANTS_OFFSET = 1024;
    public static final int PARTICIPANT_LENGTH = 128;
    public static final int MAX_PARTICIPANTS = 64;
    public static final int ROLES_OFFSET = ParticipantSlot.LENGTH;
    public static final int CLAIMING_OFFSET = ROLES_OFFSET + Long.BYTES;
    public static final int NAME_OFFSET = CLAIMING_OFFSET + Long.BYTES;
    public static final int NAME_LENGTH = 32;
    public static final int ROLE_SENDER = 1;
    public static final int ROLE_RECEIVER = 2;

    public static final int SLOT_SEQUENCE_OFFSET = 0;
    public static final int SLOT_LENGTH_OFFSET = 8;
    public static final int SLOT_TYPE_OFFSET = 12;
    public static final int SLOT_SENDER_PID_OFFSET = 16;
    public static final int SLOT_SENDER_SEQUENCE_OFFSET = 24;
    public static final int SLOT_SENDER_NAME_OFFSET = 32;
    public static final int SLOT_SENDER_NAME_LENGTH = 16;
    public static final int SLOT_HEADER_LENGTH = 48;

    /** A slot whose sender died after claiming it, filled in by a receiver so the queue moves on. */
    public static final int TYPE_TOMBSTONE = 4;

    public static final int MIN_SLOT_SIZE = 64;
    public static final int MAX_SLOT_SIZE = 1 << 20;
    public static final int MIN_SLOTS = 2;
    public static final int MAX_SLOTS = 1 << 20;
    public static final long MAX_RING = 1L << 30;

    private MailboxDescriptor()
    {
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
            throw new ChannelFileException(file, "slot count " + slots + " is not a power of two between " + MIN_SLOTS +
                " and " + MAX_SLOTS + "; e.g. --slots 4096");
        }
        if (slotSize < MIN_SLOT_SIZE || slotSize > MAX_SLOT_SIZE || Long.bitCount(slotSize) != 1)
        {
            throw new ChannelFileException(file, "slot size " + slotSize + " is not a power of two between " +
                MIN_SLOT_SIZE + " and " + MAX_SLOT_SIZE + "; e.g. --slot-size 1024");
        }
        if (slots * slotSize > MAX_RING)
        {
            throw new ChannelFileException(file, "slots x slot size = " + slots * slotSize + " bytes exceeds 1 GiB");
        }
    }

    /**
     * Validates the static header against the file's real length, before anything is mapped.
     */
    public static void validate(final Path file, final ByteBuffer header, final long fileLength)
    {
        if (fileLength < HEADER_LENGTH)
        {
            throw new ChannelFileException(file, "the file is " + fileLength + " bytes, shorter than the " +
                HEADER_LENGTH + "-byte mailbox header (truncated, or not an mmipc mailbox); remove it");
        }
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new ChannelFileException(file, "not an mmipc mailbox (wrong magic 0x" + Long.toHexString(magic) +
                "); check the name, or use 'ipc stat' to see what it is");
        }
        if (header.getInt(VERSION_OFFSET) != VERSION || header.getInt(HEADER_LENGTH_OFFSET) != HEADER_LENGTH)
        {
            throw new ChannelFileException(file, "mailbox layout version " + header.getInt(VERSION_OFFSET) +
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
            throw new ChannelFileException(file, "the header is corrupt (" + ex.getMessage() + "); remove the file");
        }
        if (fileLength != HEADER_LENGTH + (long)slots * slotSize)
        {
            throw new ChannelFileException(file, "the file is " + fileLength + " bytes but its header says " +
                (HEADER_LENGTH + (long)slots * slotSize) + "; it was truncated or resized, remove it");
        }
    }
}
