package io.mmipc.core.file;

import io.mmipc.core.liveness.Role;
import io.mmipc.exceptions.ChannelFileException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Layout of a channel file: a 4 KiB header page followed by the ring's data.
 *
 * <pre>
 *   0                   8                  16                  24                  32
 *   +-------------------+--------+---------+---------+---------+-------------------+
 *   | MAGIC "MMIPC.CH"  |VERSION |HEADER_LEN|CAPACITY|MAX_RECORD| CREATION_TIME ms |
 *   +-------------------+--------+---------+---------+---------+-------------------+
 *  32 | FLAGS | (pad) | RECOVERY_REQUEST token   | (to 128)                          |
 *     +-------+-------+--------------------------+-----------------------------------+
 * 128 | FREE semaphore block:  value long | waiters int | wake sequence int (futex) |
 * 256 | USED semaphore block:  value long | waiters int | wake sequence int (futex) |
 * 384 | PRODUCER position:     tail long  | next sequence long                      |
 * 512 | CONSUMER position:     head long  | next expected sequence long             |
 * 640 | PRODUCER participant:  pid | start ticks | heartbeat | generation+state |    |
 *     |                        wake mode | pid ns | token  (see ParticipantSlot)      |
 * 768 | CONSUMER participant:  the same                                              |
 * 896 | PRODUCER counters:     records | bytes | full waits | wake-ups sent          |
 *1024 | CONSUMER counters:     records | bytes | empty waits | wake-ups sent         |
 *1152 | (reserved to 4096)                                                         |
 *4096 | ring data: CAPACITY bytes (a power of two), records aligned to 8 bytes       |
 *     +----------------------------------------------------------------------------+
 * </pre>
 *
 * Every block that one side writes on its hot path sits alone on its own 128-byte line pair, so
 * that the producer's stores never invalidate the line the consumer is reading and vice versa
 * (adjacent-line prefetch pulls lines in pairs on x86, hence 128 rather than 64). All fields are
 * little-endian, as the platform writes them.
 *
 * <p>The static fields (magic to creation time) are written once, before the file becomes visible
 * under its name (see {@link ChannelFile#createOrOpen}), and are validated by {@link #validate}
 * against the real file length before any mapped access.
 */
public final class ChannelDescriptor
{
    /** "MMIPC.CH" read as a little-endian long. */
    public static final long MAGIC = ByteBuffer.wrap("MMIPC.CH".getBytes(StandardCharsets.US_ASCII))
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    /** Layout version; bumped on any incompatible change to this class. */
    public static final int VERSION = 2;

    public static final int HEADER_LENGTH = 4096;
    public static final int LINE = 128;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int CAPACITY_OFFSET = 16;
    public static final int MAX_RECORD_LENGTH_OFFSET = 20;
    public static final int CREATION_TIME_OFFSET = 24;
    public static final int FLAGS_OFFSET = 32;

    /**
     * Claim token of a process that recomputes the semaphores after a participant died, and asks the
     * live peer to step outside the ring meanwhile (see {@code ChannelRecovery}); 0 when none.
     */
    public static final int RECOVERY_REQUEST_OFFSET = FLAGS_OFFSET + Long.BYTES;

    /** Set by the producer after it committed an END_OF_STREAM record. */
    public static final int FLAG_END_OF_STREAM = 1;
    /** Set when the channel was closed for good (destroyed); nobody may attach any more. */
    public static final int FLAG_CLOSED = 2;

    public static final int FREE_SEMAPHORE_OFFSET = LINE;
    public static final int USED_SEMAPHORE_OFFSET = 2 * LINE;

    public static final int PRODUCER_POSITION_OFFSET = 3 * LINE;
    public static final int TAIL_OFFSET = PRODUCER_POSITION_OFFSET;
    public static final int NEXT_SEQUENCE_OFFSET = PRODUCER_POSITION_OFFSET + 8;

    public static final int CONSUMER_POSITION_OFFSET = 4 * LINE;
    public static final int HEAD_OFFSET = CONSUMER_POSITION_OFFSET;
    public static final int CONSUMER_NEXT_SEQUENCE_OFFSET = CONSUMER_POSITION_OFFSET + 8;

    public static final int PRODUCER_SLOT_OFFSET = 5 * LINE;
    public static final int CONSUMER_SLOT_OFFSET = 6 * LINE;

    public static final int PRODUCER_COUNTERS_OFFSET = 7 * LINE;
    public static final int CONSUMER_COUNTERS_OFFSET = 8 * LINE;
    /** Counter offsets within a counters block. */
    /**
     * @param role a channel role.
     * @return the offset of its participant slot.
     */
    public static int slotOffset(final Role role)
    {
        return role == Role.PRODUCER ? PRODUCER_SLOT_OFFSET : CONSUMER_SLOT_OFFSET;
    }

    /**
     * @param role a channel role.
     * @return the offset of its counters block.
     */
    public static int countersOffset(final Role role)
    {
        return role == Role.PRODUCER ? PRODUCER_COUNTERS_OFFSET : CONSUMER_COUNTERS_OFFSET;
    }

    public static final int COUNTER_RECORDS = 0;
    public static final int COUNTER_BYTES = 8;
    public static final int COUNTER_WAITS = 16;
    public static final int COUNTER_WAKEUPS_SENT = 24;

    public static final int MIN_CAPACITY = 4096;
    public static final int MAX_CAPACITY = 1 << 30;

    private ChannelDescriptor()
    {
    }

    /**
     * The largest payload a ring of this capacity can carry: half the ring less a record header,
     * which guarantees that a record plus the padding before it always fits in an empty ring.
     *
     * @param capacity of the ring in bytes.
     * @return the largest allowed max record length.
     */
    public static int maxAllowedRecordLength(final int capacity)
    {
        return capacity / 2 - RecordLayout.RECORD_HEADER_LENGTH;
    }

    /**
     * Default max record length for a capacity: an eighth of the ring, as Agrona's ring buffers do,
     * so that a full ring still holds several of the largest records.
     *
     * @param capacity of the ring in bytes.
     * @return the default max record length.
     */
    public static int defaultMaxRecordLength(final int capacity)
    {
        return capacity / 8;
    }

    /**
     * Checks a requested capacity and max record length before a file is created.
     *
     * @param file            the file they are for, named in the error.
     * @param capacity        ring capacity in bytes.
     * @param maxRecordLength largest payload in bytes.
     * @throws ChannelFileException naming the file and the allowed range.
     */
    public static void checkSizes(final Path file, final long capacity, final long maxRecordLength)
    {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Long.bitCount(capacity) != 1)
        {
            throw new ChannelFileException(file, "capacity " + capacity +
                " is not a power of two between " + MIN_CAPACITY + " and " + MAX_CAPACITY +
                " bytes; choose e.g. --capacity 4194304");
        }
        final int allowed = maxAllowedRecordLength((int)capacity);
        if (maxRecordLength < 1 || maxRecordLength > allowed)
        {
            throw new ChannelFileException(file, "max record length " + maxRecordLength +
                " is outside 1.." + allowed + " for a ring of " + capacity +
                " bytes (at most half the ring less the " + RecordLayout.RECORD_HEADER_LENGTH +
                "-byte record header); use a larger --capacity");
        }
    }

    /**
     * Validates the static header fields, read from the file before it is mapped, against the real
     * file length. Nothing in the file is trusted before this returns.
     *
     * @param file       the file, named in errors.
     * @param header     the first {@link #HEADER_LENGTH} bytes (or fewer if the file is shorter),
     *                   little-endian, position 0.
     * @param fileLength the file's real length in bytes.
     * @throws ChannelFileException for the first field that is wrong.
     */
    public static void validate(final Path file, final ByteBuffer header, final long fileLength)
    {
        if (fileLength == 0)
        {
            throw new ChannelFileException(file, "the file is empty, not an mmipc channel; " +
                "remove it so that a producer or consumer can create the channel afresh");
        }
        if (fileLength < HEADER_LENGTH)
        {
            throw new ChannelFileException(file, "the file is " + fileLength + " bytes, shorter than the " +
                HEADER_LENGTH + "-byte channel header (truncated or not an mmipc channel); remove it");
        }
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new ChannelFileException(file, "not an mmipc channel (wrong magic 0x" +
                Long.toHexString(magic) + "); check the --channel name or path");
        }
        final int version = header.getInt(VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new ChannelFileException(file, "layout version " + version + " but this mmipc reads version " +
                VERSION + "; use the mmipc that created it, or remove the file to start afresh");
        }
        final int headerLength = header.getInt(HEADER_LENGTH_OFFSET);
        if (headerLength != HEADER_LENGTH)
        {
            throw new ChannelFileException(file, "header length " + headerLength + " is not " + HEADER_LENGTH +
                "; the header is corrupt, remove the file");
        }
        final int capacity = header.getInt(CAPACITY_OFFSET);
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1)
        {
            throw new ChannelFileException(file, "capacity " + capacity + " in the header is not a power of two " +
                "between " + MIN_CAPACITY + " and " + MAX_CAPACITY + "; the header is corrupt, remove the file");
        }
        if (fileLength != (long)HEADER_LENGTH + capacity)
        {
            throw new ChannelFileException(file, "the file is " + fileLength + " bytes but its header says " +
                ((long)HEADER_LENGTH + capacity) + " (" + HEADER_LENGTH + " + capacity " + capacity +
                "); it was truncated or resized, remove it");
        }
        final int maxRecordLength = header.getInt(MAX_RECORD_LENGTH_OFFSET);
        if (maxRecordLength < 1 || maxRecordLength > maxAllowedRecordLength(capacity))
        {
            throw new ChannelFileException(file, "max record length " + maxRecordLength +
                " in the header is outside 1.." + maxAllowedRecordLength(capacity) +
                " for capacity " + capacity + "; the header is corrupt, remove the file");
        }
        final int flags = header.getInt(FLAGS_OFFSET);
        if ((flags & ~(FLAG_END_OF_STREAM | FLAG_CLOSED)) != 0)
        {
            throw new ChannelFileException(file, "unknown flags 0x" + Integer.toHexString(flags) +
                " in the header; the header is corrupt, remove the file");
        }
    }
}
