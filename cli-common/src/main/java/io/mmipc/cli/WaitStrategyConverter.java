package io.mmipc.cli;

import io.mmipc.WaitStrategy;
import picocli.CommandLine;

/**
 * {@code --wait spin|backoff|signal|futex}, any case.
 */
public final class WaitStrategyConverter implements CommandLine.ITypeConverter<WaitStrategy>
{
    @Override
    public WaitStrategy convert(final String value)
    {
        try
        {
            return WaitStrategy.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }
}
