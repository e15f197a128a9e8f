package io.mmipc.tool;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people type them: {@code 500ms}, {@code 5s}, {@code 2m}, or a plain number of seconds.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String value)
    {
        final String s = value.trim().toLowerCase(Locale.ROOT);
        try
        {
            if (s.endsWith("ms"))
            {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s"))
            {
                return Duration.ofMillis((long)(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m"))
            {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            }
            return Duration.ofMillis((long)(Double.parseDouble(s) * 1000));
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 5s or 2m");
        }
    }
}
