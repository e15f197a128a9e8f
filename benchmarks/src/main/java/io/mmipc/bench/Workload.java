package io.mmipc.bench;

import io.mmipc.cli.ChannelOptions;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import java.util.SplittableRandom;

/**
 * The same work on every transport: the sender writes {@code count} records of {@code size} bytes,
 * each starting with its sequence and then bytes drawn from the run's {@code seed}; the receiver
 * reads every byte of every payload into a checksum (so that shared memory gets no credit for
 * bytes it never touched) and checks the count and the sequences.
 * <p>
 * The checksum of a run is the sum over records of {@link #hash}, and a record's hash is the sum
 * of its first two words (the sequence and, in latency mode, the send stamp) plus a mix of the
 * rest. Only those two words change from record to record, so the checksum the receiver must reach
 * follows from the seed, the count and the first stamp in closed form ({@link #expectedChecksum}):
 * the bench compares it with the receiver's without recomputing a single record.
 *
 * @param size  payload bytes, at least 8.
 * @param count records.
 * @param ring  bytes of ring for the shared-memory transports: mmipc's capacity, Agrona's ring, Aeron's window.
 * @param seed  the run's seed: the filler bytes, so that no other run's bytes can pass the check.
 */
record Workload(int size, long count, int ring, long seed)
{
    /** mmipc's default capacity, and so every ring transport's, unless {@code --capacity} says otherwise. */
    static final int DEFAULT_RING = (int)ChannelOptions.DEFAULT_CAPACITY;

    /** Bytes 8-15 of a record: the send stamp in latency mode ({@link Pacing}), filler otherwise. */
    static final int STAMP_OFFSET = 8;

    /**
     * The sequence of the record that ends every stream: not counted, not checksummed. A timed run
     * ends when its time is up, so the receiver cannot know the count; every transport alike carries
     * this one extra record (a pipe or a socket could signal the end by closing, a ring could not).
     */
    static final long END = -1;

    /** The test hook's system property ({@link Filler#CORRUPT}), passed on to senders by {@link Launcher}. */
    static final String CORRUPT_PROPERTY = "mmipc.bench.corrupt";

    Workload
    {
        if (size < 8)
        {
            throw new IllegalArgumentException("record size " + size + " is below 8: every record starts with its sequence");
        }
    }

    /**
     * @return records in one lap of the ring (a record with a 16-byte header): the warm-up covers at
     *         least one, so that no transport is timed while it touches its memory for the first time.
     */
    long lap()
    {
        return ring / (size + 16L);
    }

    /**
     * @return the record with sequence 0, filler bytes from the seed after it.
     */
    byte[] template()
    {
        final byte[] bytes = new byte[size];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 8; i < size; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    /**
     * A sender's filler: the template, copied in one bulk copy per record, on every transport alike,
     * as a sender copies a message it already has (generating 4 KiB eight bytes at a time took
     * 316 ns a record even in cache and measured the generator rather than the transport).
     */
    static final class Filler
    {
        /**
         * Test hook: {@code -Dmmipc.bench.corrupt=N} flips a bit in record N's last byte as it is
         * written, so that a test can prove that a corrupted record fails the bench. Unset, the
         * compare below never holds.
         */
        static final long CORRUPT = Long.getLong(CORRUPT_PROPERTY, Long.MIN_VALUE);

        private final byte[] template;
        private final int size;

        Filler(final Workload work)
        {
            this.template = work.template();
            this.size = work.size();
        }

        /**
         * Writes record {@code sequence} at {@code offset}: the filler, then the sequence.
         */
        void fill(final MutableDirectBuffer buffer, final int offset, final long sequence)
        {
            buffer.putBytes(offset + 8, template, 8, size - 8);
            buffer.putLong(offset, sequence);
            if (sequence == CORRUPT)
            {
                buffer.putByte(offset + size - 1, (byte)(template[size - 1] ^ 1));
            }
        }
    }

    /**
     * A record's share of the checksum: its first two words added as they are (the sequence, the
     * stamp), then four independent sums of the following 8-byte words (so that the checksum is not
     * a chain of dependent multiplies that would cap a core at ~2 M records/s of 4 KiB, whatever the
     * transport) and the tail bytes, mixed by rotation. One bounds check for the whole payload, then
     * unchecked loads, on every transport alike.
     */
    static long hash(final DirectBuffer buffer, final int offset, final int size)
    {
        buffer.boundsCheck(offset, size);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset() + offset;
        long a = UnsafeApi.getLong(array, address);
        int i = 8;
        if (size >= 16)
        {
            a += UnsafeApi.getLong(array, address + 8);
            i = 16;
        }
        long b = 0;
        long c = 0;
        long d = 0;
        long e = 0;
        for (; i + 32 <= size; i += 32)
        {
            b += UnsafeApi.getLong(array, address + i);
            c += UnsafeApi.getLong(array, address + i + 8);
            d += UnsafeApi.getLong(array, address + i + 16);
            e += UnsafeApi.getLong(array, address + i + 24);
        }
        for (; i + 8 <= size; i += 8)
        {
            b += UnsafeApi.getLong(array, address + i);
        }
        for (; i < size; i++)
        {
            c += UnsafeApi.getByte(array, address + i);
        }
        return a + Long.rotateLeft(b, 13) + Long.rotateLeft(c, 29) + Long.rotateLeft(d, 41) + Long.rotateLeft(e, 53);
    }

    /**
     * @param received   records the receiver must have read.
     * @param firstStamp the first record's send stamp in latency mode (the sender reports it).
     * @param interval   nanoseconds between stamps in latency mode, 0 in throughput mode (no stamps).
     * @return the checksum the receiver must reach: sequences 0..n-1, the stamps
     *         {@code firstStamp + i * interval}, and n times the rest of the template.
     */
    long expectedChecksum(final long received, final long firstStamp, final long interval)
    {
        return expectedChecksum(received, firstStamp, interval, 0);
    }

    /**
     * @param adjust what the stamps sum to beyond {@code firstStamp + i * interval} (a restarted schedule).
     * @return as {@link #expectedChecksum(long, long, long)}.
     */
    long expectedChecksum(final long received, final long firstStamp, final long interval, final long adjust)
    {
        final byte[] template = template();
        final boolean stamped = interval > 0 && size >= 16;
        if (stamped)
        {
            java.util.Arrays.fill(template, STAMP_OFFSET, STAMP_OFFSET + 8, (byte)0);
        }
        final long rest = hash(new org.agrona.concurrent.UnsafeBuffer(template), 0, size);
        final long sequences = triangle(received);
        final long stamps = stamped ? received * firstStamp + interval * sequences + adjust : 0;
        return received * rest + sequences + stamps; // modulo 2^64, as the receiver's sum
    }

    /**
     * @return 0 + 1 + ... + (n - 1) modulo 2^64 (halving before multiplying, so no bit is lost).
     */
    static long triangle(final long n)
    {
        return (n & 1) == 0 ? (n / 2) * (n - 1) : n * ((n - 1) / 2);
    }
}
