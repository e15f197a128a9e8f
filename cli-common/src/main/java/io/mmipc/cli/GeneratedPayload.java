package io.mmipc.cli;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The self-checking payload of {@code producer --source gen}, verified by {@code consumer --sink verify}.
 *
 * <pre>
 *   0                 8                 16
 *   +-----------------+-----------------+-----------------------------------------+
 *   | SEQUENCE (LE)   | CHECKSUM (LE)   | filler derived from the sequence ...    |
 *   +-----------------+-----------------+-----------------------------------------+
 * </pre>
 *
 * The filler's 8-byte word {@code i} (the last one cut short when the size is not a multiple of 8)
 * is {@code mix(sequence * 0x9E3779B97F4A7C15 + i)}. The checksum covers every other byte: it folds
 * the sequence word and then each filler word with {@code h = mix(h ^ word)}, so any changed byte,
 * a record of another sequence, or a cut record fails the check. {@code mix} is the 64-bit
 * finaliser of MurmurHash3. Size is at least {@link #MIN_SIZE}.
 */
public final class GeneratedPayload
{
    public static final int MIN_SIZE = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private GeneratedPayload()
    {
    }

    /**
     * Writes the payload of {@code sequence}.
     *
     * @param buffer   destination.
     * @param offset   in {@code buffer}.
     * @param size     payload bytes, at least {@link #MIN_SIZE}.
     * @param sequence of the record.
     */
    public static void write(final MutableDirectBuffer buffer, final int offset, final int size, final long sequence)
    {
        buffer.putLong(offset, sequence, ByteOrder.LITTLE_ENDIAN);
        long h = mix(GOLDEN ^ sequence);
        final long base = sequence * GOLDEN;
        int i = 0;
        int at = offset + MIN_SIZE;
        final int end = offset + size;
        // (< instead of <= would write the last whole word through the tail branch: the same bytes)
        for (; at + 8 <= end; at += 8, i++)
        {
            final long word = mix(base + i);
            buffer.putLong(at, word, ByteOrder.LITTLE_ENDIAN);
            h = mix(h ^ word);
        }
        if (at < end)
        {
            final long word = mix(base + i) & tailMask(end - at);
            for (int b = 0; at + b < end; b++)
            {
                buffer.putByte(at + b, (byte)(word >>> (8 * b)));
            }
            h = mix(h ^ word);
        }
        buffer.putLong(offset + 8, h, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param buffer holding a payload.
     * @param offset of the payload.
     * @param size   of the payload.
     * @return the checksum the payload's bytes (other than 8-15) call for.
     */
    public static long checksum(final DirectBuffer buffer, final int offset, final int size)
    {
        long h = mix(GOLDEN ^ buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
        int at = offset + MIN_SIZE;
        final int end = offset + size;
        // (< instead of <= would read the last whole word byte by byte: the same word)
        for (; at + 8 <= end; at += 8)
        {
            h = mix(h ^ buffer.getLong(at, ByteOrder.LITTLE_ENDIAN));
        }
        if (at < end)
        {
            long word = 0;
            for (int b = 0; at + b < end; b++)
            {
                word |= (buffer.getByte(at + b) & 0xFFL) << (8 * b);
            }
            h = mix(h ^ word);
        }
        return h;
    }

    /**
     * @return the sequence stored in bytes 0-7.
     */
    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the checksum stored in bytes 8-15.
     */
    public static long storedChecksum(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
    }

    private static long tailMask(final int bytes)
    {
        return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1; // (called with 1..7 only: > 8 is the same)
    }

    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93fe70a3f3bL;
        return z ^ (z >>> 33);
    }
}
