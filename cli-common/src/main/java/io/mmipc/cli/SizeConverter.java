package io.mmipc.cli;

import picocli.CommandLine;

import java.util.Locale;

/**
 * Sizes and counts as people type them: {@code 4194304}, {@code 4m}, {@code 64k}, {@code 1g}
 * (binary multiples), or {@code 10_000_000}.
 */
public final class SizeConverter implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String value)
    {
        return parse(value);
    }

    /**
     * @param value e.g. "4m".
     * @return the number it stands for.
     * @throws CommandLine.TypeConversionException with a message naming the value.
     */
    public static long parse(final String value)
    {
        String s = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long multiplier = 1;
        if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g"))
        {
            multiplier = switch (s.charAt(s.length() - 1))
            {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            s = s.substring(0, s.length() - 1);
        }
        try
        {
            final long n = Long.parseLong(s);
            if (n < 0)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return Math.multiplyExact(n, multiplier);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size: use e.g. 4194304, 64k, 4m or 1g");
        }
    }
}
