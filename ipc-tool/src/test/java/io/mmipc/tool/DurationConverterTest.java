package io.mmipc.tool;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class DurationConverterTest
{
    @ParameterizedTest
    @CsvSource({"500ms, 500", "0ms, 0", "5s, 5000", "1.5s, 1500", "2m, 120000", "3, 3000", "0.25, 250",
        "' 7S ', 7000", "10MS, 10"})
    void readsDurationsAsPeopleTypeThem(final String text, final long millis)
    {
        assertEquals(Duration.ofMillis(millis), new DurationConverter().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "5h", "fives", "1.5m", "1.5ms", "s"})
    void rejectsWhatIsNotADurationNamingIt(final String text)
    {
        final CommandLine.TypeConversionException ex = assertThrows(CommandLine.TypeConversionException.class,
            () -> new DurationConverter().convert(text));
        assertEquals("'" + text + "' is not a duration: use e.g. 500ms, 5s or 2m", ex.getMessage());
    }
}
