package io.mmipc.core.bridge;

/**
 * Layout of a bridge's status file, {@code NAME.bridge-send.stat} or {@code NAME.bridge-receive.stat}
 * beside the channel {@code NAME.mmipc}. One writer (the bridge), any number of readers (tools);
 * every field is a 64-bit word written with a release store, so a reader sees each field whole
 * (fields may be from slightly different moments).
 * <pre>
 *   0        8        16       24       32       40       48       56
 *  +--------+--------+--------+--------+--------+--------+--------+--------+
 *  | magic  |version |  pid   |updated |connectd|records |  last  |  last  |
 *  |        | + role |        |epoch ms|  0/1   |        |sent/com| acked  |
 *  +--------+--------+--------+--------+--------+--------+--------+--------+
 *  |rewinds/|naks    |naks    |retrans-|loss gap| peer length, then up to  |
 *  |dupes   |sent    |received|mits    |fills   | 120 ASCII bytes          |
 *  +--------+--------+--------+--------+--------+--------------------------+
 * </pre>
 */
public final class BridgeStatusDescriptor
{
    /** "MMIPCBRS" in ASCII, little-endian. */
    public static final long MAGIC = 0x5352424350494D4DL;
    public static final int VERSION = 1;
    /** Role code of a sending bridge. */
    public static final int SEND = 1;
    /** Role code of a receiving bridge. */
    public static final int RECEIVE = 2;

    public static final int MAGIC_OFFSET = 0;
    /** Version in the low 32 bits, role in the high 32 bits. */
    public static final int VERSION_ROLE_OFFSET = MAGIC_OFFSET + Long.BYTES;
    public static final int PID_OFFSET = VERSION_ROLE_OFFSET + Long.BYTES;
    public static final int UPDATED_OFFSET = PID_OFFSET + Long.BYTES;
    public static final int CONNECTED_OFFSET = UPDATED_OFFSET + Long.BYTES;
    public static final int RECORDS_OFFSET = CONNECTED_OFFSET + Long.BYTES;
    /** Send: the highest sequence sent; receive: the highest committed. */
    public static final int LAST_SENT_OFFSET = RECORDS_OFFSET + Long.BYTES;
    public static final int LAST_ACKED_OFFSET = LAST_SENT_OFFSET + Long.BYTES;
    /** Send: rewinds (resends from the head); receive: duplicates dropped. */
    public static final int REWINDS_OFFSET = LAST_ACKED_OFFSET + Long.BYTES;
    public static final int NAKS_SENT_OFFSET = REWINDS_OFFSET + Long.BYTES;
    public static final int NAKS_RECEIVED_OFFSET = NAKS_SENT_OFFSET + Long.BYTES;
    public static final int RETRANSMITS_OFFSET = NAKS_RECEIVED_OFFSET + Long.BYTES;
    public static final int LOSS_GAP_FILLS_OFFSET = RETRANSMITS_OFFSET + Long.BYTES;
    public static final int PEER_LENGTH_OFFSET = LOSS_GAP_FILLS_OFFSET + Long.BYTES;
    public static final int PEER_OFFSET = PEER_LENGTH_OFFSET + Long.BYTES;
    public static final int PEER_MAX = 120;
    public static final int LENGTH = PEER_OFFSET + PEER_MAX;

    private BridgeStatusDescriptor()
    {
    }

    /**
     * @param channelFileName e.g. {@code orders.mmipc}.
     * @param role            {@link #SEND} or {@link #RECEIVE}.
     * @return the status file's name, e.g. {@code orders.bridge-send.stat}.
     */
    public static String fileName(final String channelFileName, final int role)
    {
        final String stem = channelFileName.endsWith(".mmipc") ?
            channelFileName.substring(0, channelFileName.length() - ".mmipc".length()) : channelFileName;
        return stem + (role == SEND ? ".bridge-send.stat" : ".bridge-receive.stat");
    }
}
