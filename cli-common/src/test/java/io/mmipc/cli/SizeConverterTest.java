package io.mmipc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.*;

class SizeConverterTest
{
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "4194304, 4194304",
        "1k, 1024",
        "64k, 65536",
        "64K, 65536",
        "4m, 4194304",
        "4M, 4194304",
        "1g, 1073741824",
        "3G, 3221225472",
        "10_000_000, 10000000",
        "' 8k ', 8192",
        "8388607g, 9007198180999168"})
    void readsSizesAsPeopleTypeThem(final String text, final long expected)
    {
        assertEquals(expected, SizeConverter.parse(text));
        assertEquals(expected, new SizeConverter().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "4x", "4mb", "four", "1.5m", "m4", "9223372036854775808"})
    void rejectsWhatIsNotASizeNamingIt(final String text)
    {
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> SizeConverter.parse(text));
        assertEquals("'" + text + "' is not a size: use e.g. 4194304, 64k, 4m or 1g", ex.getMessage());
    }

    @Test
    void rejectsNegativeSizes()
    {
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> SizeConverter.parse("-4k"));
        assertEquals("'-4k' is negative", ex.getMessage());
        assertThrows(CommandLine.TypeConversionException.class, () -> SizeConverter.parse("-1"));
    }

    @Test
    void rejectsSizesThatOverflowALongAfterTheMultiplier()
    {
        assertEquals(Long.MAX_VALUE - (1L << 30) + 1, SizeConverter.parse("8589934591g"));
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> SizeConverter.parse("8589934592g"));
        assertTrue(ex.getMessage().contains("is not a size"), ex.getMessage());
    }
}
