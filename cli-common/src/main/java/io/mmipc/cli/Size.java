package io.mmipc.cli;

import picocli.CommandLine;

import java.util.Locale;

/**
 * A size as the user typed it ({@code 4m}, {@code 4194304}) and the bytes it stands for, so that an
 * error can state a limit in the user's own notation: {@code 4k to 1g} to someone who typed
 * {@code 1k}, {@code 4096 to 1073741824} to someone who typed {@code 1024}.
 *
 * @param bytes the value.
 * @param text  as typed.
 */
public record Size(long bytes, String text)
{
    /**
     * @param text e.g. "4m".
     * @return the size.
     * @throws CommandLine.TypeConversionException naming the value (see {@link SizeConverter#parse}).
     */
    public static Size parse(final String text)
    {
        return new Size(SizeConverter.parse(text), text);
    }

    /**
     * @return true if the user wrote a k, m or g suffix.
     */
    public boolean withUnit()
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        return t.endsWith("k") || t.endsWith("m") || t.endsWith("g");
    }

    /**
     * @param value a byte count.
     * @return it in this size's notation: the largest whole k/m/g unit if the user typed one,
     *         else the plain number.
     */
    public String format(final long value)
    {
        if (!withUnit())
        {
            return Long.toString(value);
        }
        if (value != 0 && value % (1L << 30) == 0)
        {
            return value / (1L << 30) + "g";
        }
        if (value != 0 && value % (1L << 20) == 0)
        {
            return value / (1L << 20) + "m";
        }
        if (value != 0 && value % (1L << 10) == 0)
        {
            return value / (1L << 10) + "k";
        }
        return Long.toString(value);
    }

    @Override
    public String toString()
    {
        return text;
    }

    /**
     * Picocli's converter for options of this type.
     */
    public static final class Converter implements CommandLine.ITypeConverter<Size>
    {
        @Override
        public Size convert(final String value)
        {
            return parse(value);
        }
    }
}
