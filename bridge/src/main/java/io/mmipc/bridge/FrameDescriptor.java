package io.mmipc.bridge;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The messages the bridges exchange, one Aeron message each (Aeron fragments and reassembles
 * messages longer than its MTU).
 *
 * <p>A <b>data</b> message, sending bridge to receiving bridge on the data stream, carries one
 * record (a mailbox message, or a channel's END), or a <b>batch</b> of consecutive records:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 source sequence (64 bits, LE)                 |
 *  +---------------------------------------------------------------+
 *  |     first unreleased source sequence (64 bits, LE): "base"    |
 *  +-------------------------------+-------------------------------+
 *  |        kind (DATA/END/DONE)   |    message type id            |
 *  +-------------------------------+-------------------------------+
 *  |                      payload (DATA only) ...                  |
 * </pre>
 * A BATCH message carries in the type id field the number of records N, and after the header N
 * entries, each 8-byte aligned (so a 64 B record costs 72 B on the wire instead of an Aeron frame
 * header, a data header and a fragment callback of its own), the records' sequences
 * {@code sequence .. sequence + N - 1}:
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |     payload length (LE)       |        type id (LE)           |
 *  +-------------------------------+-------------------------------+
 *  |                payload ... padding to 8 bytes                 |
 * </pre>
 * An END message carries the END_OF_STREAM record's sequence (one after the last DATA); DONE, sent
 * once END was acknowledged, carries the one after that, and tells the receiving bridge that the
 * sender is finished. The base lets a receiving bridge that has no ledger yet recognise the first
 * record the sender still holds: it starts the mapping only there.
 *
 * <p>A mailbox's data message carries after that header the original sender's pid and sequence
 * (64 bits each), then the payload.
 *
 * <p>An <b>ack</b> message, receiving bridge to sending bridge on the ack stream:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |   highest source sequence committed to the destination (LE)   |
 *  +-------------------------------+-------------------------------+
 *  | flags (REWIND, DONE_SEEN)     |            unused             |
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
public final class FrameDescriptor
{
    /** Offset of the source sequence in a data message. */
    public static final int SEQUENCE_OFFSET = 0;
    /** Offset of the first unreleased sequence in a data message. */
    public static final int BASE_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Offset of the kind in a data message. */
    public static final int KIND_OFFSET = BASE_OFFSET + Long.BYTES;
    /** Offset of the message type id in a data message. */
    public static final int TYPE_ID_OFFSET = KIND_OFFSET + Integer.BYTES;
    /** Length of a data message's header; the payload follows. */
    public static final int DATA_HEADER_LENGTH = TYPE_ID_OFFSET + Integer.BYTES;

    /** A mailbox message: offset of its original sender's pid, after the data header. */
    public static final int ORIGIN_PID_OFFSET = DATA_HEADER_LENGTH;
    /** A mailbox message: offset of its original sender's sequence. */
    public static final int ORIGIN_SEQUENCE_OFFSET = ORIGIN_PID_OFFSET + Long.BYTES;
    /** Length of a mailbox message's headers; the payload follows. */
    public static final int MAILBOX_HEADER_LENGTH = ORIGIN_SEQUENCE_OFFSET + Long.BYTES;

    /** Offset of the acknowledged sequence in an ack message. */
    public static final int ACK_SEQUENCE_OFFSET = 0;
    /** Offset of the flags in an ack message. */
    public static final int ACK_FLAGS_OFFSET = ACK_SEQUENCE_OFFSET + Long.BYTES;
    /** Length of an ack message. */
    public static final int ACK_LENGTH = ACK_FLAGS_OFFSET + 2 * Integer.BYTES;

    /** A record of the stream (a mailbox message). */
    public static final int DATA = 1;
    /** The stream's END_OF_STREAM record. */
    public static final int END = 2;
    /** The sender saw END acknowledged and stops. */
    public static final int DONE = 3;

    /** Consecutive records of a channel's stream, {@link #count} of them. */
    public static final int BATCH = 4;

    /** A batch's entries start after the data header; each starts 8-byte aligned. */
    public static final int ENTRY_ALIGNMENT = 8;
    /** Offset of an entry's payload length, from the entry's start. */
    public static final int ENTRY_LENGTH_OFFSET = 0;
    /** Offset of an entry's message type id. */
    public static final int ENTRY_TYPE_ID_OFFSET = ENTRY_LENGTH_OFFSET + Integer.BYTES;
    /** Length of an entry's header; the payload follows. */
    public static final int ENTRY_HEADER_LENGTH = ENTRY_TYPE_ID_OFFSET + Integer.BYTES;

    /** Ack flag: the receiver saw a sequence past the next it expects, and asks the sender to resend from its head. */
    public static final int REWIND = 1;

    /** Ack flag: the receiver saw DONE; the sender may stop. */
    public static final int DONE_SEEN = 2;

    /** Acknowledges nothing: no source sequence is committed yet. */
    public static final long NOTHING = -1;

    private FrameDescriptor()
    {
    }

    public static void putDataHeader(final MutableDirectBuffer buffer, final long sequence, final long base,
        final int kind, final int typeId)
    {
        buffer.putLong(SEQUENCE_OFFSET, sequence);
        buffer.putLong(BASE_OFFSET, base);
        buffer.putInt(KIND_OFFSET, kind);
        buffer.putInt(TYPE_ID_OFFSET, typeId);
    }

    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET);
    }

    public static long base(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + BASE_OFFSET);
    }

    public static int kind(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + KIND_OFFSET);
    }

    public static int typeId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + TYPE_ID_OFFSET);
    }

    /** @return a batch's record count (the type id field of a BATCH message). */
    public static int count(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + TYPE_ID_OFFSET);
    }

    /** @return the bytes an entry of this payload length takes in a batch, header and padding included. */
    public static int entryLength(final int payloadLength)
    {
        return (ENTRY_HEADER_LENGTH + payloadLength + ENTRY_ALIGNMENT - 1) & -ENTRY_ALIGNMENT;
    }

    /**
     * Writes an entry's header and payload at {@code at} in a batch being built.
     *
     * @return the offset of the next entry.
     */
    public static int putEntry(final MutableDirectBuffer batch, final int at, final int typeId, final DirectBuffer src,
        final int offset, final int length)
    {
        batch.putInt(at + ENTRY_LENGTH_OFFSET, length);
        batch.putInt(at + ENTRY_TYPE_ID_OFFSET, typeId);
        batch.putBytes(at + ENTRY_HEADER_LENGTH, src, offset, length);
        return at + entryLength(length);
    }

    public static int entryPayloadLength(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entry + ENTRY_LENGTH_OFFSET);
    }

    public static int entryTypeId(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entry + ENTRY_TYPE_ID_OFFSET);
    }

    public static void putAck(final MutableDirectBuffer buffer, final long through, final int flags)
    {
        buffer.putLong(ACK_SEQUENCE_OFFSET, through);
        buffer.putInt(ACK_FLAGS_OFFSET, flags);
        buffer.putInt(ACK_FLAGS_OFFSET + Integer.BYTES, 0);
    }

    public static long ackSequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + ACK_SEQUENCE_OFFSET);
    }

    public static int ackFlags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + ACK_FLAGS_OFFSET);
    }
}
