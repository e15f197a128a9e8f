package io.mmipc.cli;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The gen record format is an interface between processes, possibly of different builds: a
 * producer's records must verify in any consumer. These vectors pin it (sequence, checksum, filler,
 * short tails), so that a changed mix, filler or checksum fails here rather than as a verification
 * failure between two versions. And a payload is written and checked within its bounds only.
 */
class GeneratedPayloadFormatTest
{
    @ParameterizedTest(name = "sequence {0}, {1} bytes")
    @CsvSource({
        "0, 16, 0000000000000000af0aaee15b918dc7",
        "1, 24, 0100000000000000f32aa702cd590bf5af0aaee15b918dc7",
        "12345, 37, 39300000000000004dbca83924524c2b3579fe1b5bb4ef4dd2efec97f7e3abff14a7bbf0d5",
        "7, 64, 070000000000000059b08bb59c9293c2069fa1dda3758de95910f81cbe3606ea37f9df1c6c624458539dacd2" +
            "8639019f10407b1137f6dde668c20cdcd4281bc1"})
    void recordsAreExactlyTheseBytes(final long sequence, final int size, final String hex)
    {
        final byte[] expected = HexFormat.of().parseHex(hex);
        final UnsafeBuffer written = new UnsafeBuffer(new byte[size]);
        GeneratedPayload.write(written, 0, size, sequence);
        assertEquals(hex, HexFormat.of().formatHex(written.byteArray()));
        final UnsafeBuffer given = new UnsafeBuffer(expected);
        assertEquals(sequence, GeneratedPayload.sequence(given, 0));
        assertEquals(GeneratedPayload.storedChecksum(given, 0), GeneratedPayload.checksum(given, 0, size),
            "a record of this format verifies");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 23, 24, 25, 31, 32, 33, 37, 40, 63, 64, 65})
    void writingAndCheckingStayWithinThePayload(final int size)
    {
        final byte sentinel = (byte)0xA5;
        final byte[] bytes = new byte[8 + size + 8];
        java.util.Arrays.fill(bytes, sentinel);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        GeneratedPayload.write(buffer, 8, size, 99);
        for (int i = 0; i < 8; i++)
        {
            assertEquals(sentinel, bytes[i], "byte " + i + " before the payload untouched");
            assertEquals(sentinel, bytes[8 + size + i], "byte " + i + " after the payload untouched");
        }
        assertEquals(GeneratedPayload.storedChecksum(buffer, 8), GeneratedPayload.checksum(buffer, 8, size),
            "the bytes after the payload are not part of its checksum");
        bytes[8 + size] = 0x11;
        assertEquals(GeneratedPayload.storedChecksum(buffer, 8), GeneratedPayload.checksum(buffer, 8, size));
    }
}
