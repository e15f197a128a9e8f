package io.mmipc.bench;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The same work on every transport: the sender writes {@code count} records of {@code size} bytes,
 * each starting with its sequence; the receiver reads every byte of every payload into a checksum
 * (so that shared memory gets no credit for bytes it never touched) and checks the count and the
 * sequences.
 *
 * @param size  payload bytes, at least 8.
 * @param count records.
 */
record Workload(int size, long count)
{
    /**
     * Fills a record's payload: the sequence, then bytes derived from it.
     */
    static void fill(final MutableDirectBuffer buffer, final int offset, final int size, final long sequence)
    {
        buffer.putLong(offset, sequence);
        for (int i = 8; i + 8 <= size; i += 8)
        {
            buffer.putLong(offset + i, sequence + i);
        }
        for (int i = size & ~7; i < size && i >= 8; i++)
        {
            buffer.putByte(offset + i, (byte)sequence);
        }
    }

    /**
     * Folds every byte of a payload into the running checksum.
     */
    static long checksum(final long running, final DirectBuffer buffer, final int offset, final int size)
    {
        long h = running;
        int i = 0;
        for (; i + 8 <= size; i += 8)
        {
            h = h * 31 + buffer.getLong(offset + i);
        }
        for (; i < size; i++)
        {
            h = h * 31 + buffer.getByte(offset + i);
        }
        return h;
    }
}
