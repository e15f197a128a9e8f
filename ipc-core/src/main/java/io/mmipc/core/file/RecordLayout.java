package io.mmipc.core.file;

/**
 * Layout of one record in the ring.
 *
 * <pre>
 *   0        4        8                 16
 *   +--------+--------+-----------------+------------------------------+
 *   | LENGTH |  TYPE  |    SEQUENCE     |  payload (LENGTH - 16 bytes)  |
 *   +--------+--------+-----------------+------------------------------+
 * </pre>
 *
 * TYPE holds the record's kind ({@link #DATA}, {@link #PADDING}, {@link #END_OF_STREAM},
 * {@link #ABORTED}) in its low 8 bits and, for DATA, the application's message type id (0 to
 * {@link #MAX_TYPE_ID}, like Agrona's {@code msgTypeId}) above them.
 *
 * LENGTH counts the 16-byte header plus the payload, not the alignment slack after it; the next
 * record starts at the next multiple of {@link #ALIGNMENT}. While the producer writes a record,
 * LENGTH holds the negative length; the release store of the positive length is the commit, so a
 * record whose writer died midway is recognisable as torn. A record never straddles the end of the
 * ring: where the next record does not fit before the end, the producer writes a {@link #PADDING}
 * record (only LENGTH and TYPE, 8 bytes at least) that covers the rest, and starts again at 0.
 */
public final class RecordLayout
{
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int ALIGNMENT = 8;
    /** The smallest record: a padding record of LENGTH and TYPE only. */
    public static final int MIN_PADDING_LENGTH = 8;

    /** Application payload. */
    public static final int DATA = 1;
    /** Filler to the end of the ring; skipped by the consumer. */
    public static final int PADDING = 2;
    /** The producer's source ended; nothing follows in this stream. */
    public static final int END_OF_STREAM = 3;
    /** A claim the writer gave up: skipped by the consumer, carries no sequence. */
    public static final int ABORTED = 4;
    /** Mask of the kind in a TYPE word. */
    public static final int KIND_MASK = 0xFF;
    /** The largest application message type id. */
    public static final int MAX_TYPE_ID = 0xFF_FFFF;

    /**
     * @param type a TYPE word.
     * @return its kind.
     */
    public static int kind(final int type)
    {
        return type & KIND_MASK;
    }

    /**
     * @param type a TYPE word.
     * @return its application message type id.
     */
    public static int typeId(final int type)
    {
        return type >>> 8;
    }

    /**
     * @param typeId application message type id, 0 to {@link #MAX_TYPE_ID}.
     * @return the TYPE word of a DATA record with that id.
     */
    public static int dataType(final int typeId)
    {
        return DATA | (typeId << 8);
    }

    private RecordLayout()
    {
    }

    /**
     * @param length of a record, header included.
     * @return the bytes it occupies in the ring.
     */
    public static int aligned(final int length)
    {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * @param type a record type.
     * @return its name, for messages.
     */
    public static String typeName(final int type)
    {
        return switch (type)
        {
            case DATA -> "DATA";
            case PADDING -> "PADDING";
            case END_OF_STREAM -> "END_OF_STREAM";
            case ABORTED -> "ABORTED";
            default -> kind(type) == DATA ? "DATA (type id " + typeId(type) + ")" : "unknown type " + type;
        };
    }
}
