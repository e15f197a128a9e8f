package io.mmipc.bench;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The same work on every transport: the sender writes {@code count} records of {@code size} bytes,
 * each starting with its sequence; the receiver reads every byte of every payload into a checksum
 * (so that shared memory gets no credit for bytes it never touched) and checks the count and the
 * sequences.
 *
 * @param size  payload bytes, at least 8.
 * @param count records.
 * @param ring  bytes of ring for the shared-memory transports: mmipc's capacity, Agrona's ring, Aeron's term.
 */
record Workload(int size, long count, int ring)
{
    /**
     * 64 MiB, Aeron's own default IPC term length, and mmipc's default capacity: on this machine a
     * ring larger than the last-level cache ran 64 B records 2-3x faster than a 4 MiB one (see
     * {@code ChannelOptions#DEFAULT_CAPACITY}).
     */
    static final int DEFAULT_RING = 64 << 20;

    /**
     * @return records in one lap of the ring (a record with a 16-byte header): the warm-up covers at
     *         least one, so that no transport is timed while it touches its memory for the first time.
     */
    long lap()
    {
        return ring / (size + 16L);
    }

    /** The filler after each record's sequence: fixed bytes, copied in one bulk copy. */
    private static final byte[] FILLER = new byte[1 << 20];

    static
    {
        for (int i = 0; i < FILLER.length; i++)
        {
            FILLER[i] = (byte)(i * 31 + 7);
        }
    }

    /**
     * Fills a record's payload: the sequence, then filler bytes. The filler is one bulk copy, on
     * every transport alike, as a sender copies a message it already has: generating 4 KiB eight
     * bytes at a time took 316 ns a record even in cache, which capped every transport near 3 M
     * records/s and measured the generator rather than the transport.
     */
    static void fill(final MutableDirectBuffer buffer, final int offset, final int size, final long sequence)
    {
        if (size <= FILLER.length)
        {
            buffer.putBytes(offset + 8, FILLER, 8, size - 8);
        }
        else
        {
            for (int i = 8; i < size; i++)
            {
                buffer.putByte(offset + i, FILLER[i & (FILLER.length - 1)]);
            }
        }
        buffer.putLong(offset, sequence);
    }

    /**
     * Folds every byte of a payload into the running checksum: four independent sums of 8-byte
     * words (so that the checksum is not a chain of dependent multiplies that would cap a core at
     * ~2 M records/s of 4 KiB, whatever the transport), mixed into the running value once per
     * record. One bounds check for the whole payload, then unchecked loads, on every transport alike.
     */
    static long checksum(final long running, final DirectBuffer buffer, final int offset, final int size)
    {
        buffer.boundsCheck(offset, size);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset() + offset;
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        int i = 0;
        for (; i + 32 <= size; i += 32)
        {
            a += UnsafeApi.getLong(array, address + i);
            b += UnsafeApi.getLong(array, address + i + 8);
            c += UnsafeApi.getLong(array, address + i + 16);
            d += UnsafeApi.getLong(array, address + i + 24);
        }
        for (; i + 8 <= size; i += 8)
        {
            a += UnsafeApi.getLong(array, address + i);
        }
        for (; i < size; i++)
        {
            b += UnsafeApi.getByte(array, address + i);
        }
        return running * 31 + a + Long.rotateLeft(b, 16) + Long.rotateLeft(c, 32) + Long.rotateLeft(d, 48);
    }
}
