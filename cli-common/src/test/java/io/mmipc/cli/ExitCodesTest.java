package io.mmipc.cli;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * All exit codes and their texts live in {@link ExitCodes}: the help lines are built from the same
 * code and text, and the numbers are the core's, which its exceptions carry.
 */
class ExitCodesTest
{
    @Test
    void everyCodeTheReadmeNamesHasOneText()
    {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 70, 74, 130, 143), List.copyOf(ExitCodes.all().keySet()));
        for (final int code : ExitCodes.all().keySet())
        {
            assertFalse(ExitCodes.text(code).isBlank(), "text of " + code);
        }
        assertThrows(IllegalArgumentException.class, () -> ExitCodes.text(6));
    }

    @Test
    void eachHelpLineIsItsCodeAndItsText() throws Exception
    {
        int lines = 0;
        for (final Field field : ExitCodes.class.getDeclaredFields())
        {
            if (field.getName().endsWith("_LINE") && Modifier.isStatic(field.getModifiers()))
            {
                final String line = (String)field.get(null);
                final String name = field.getName().substring(0, field.getName().length() - "_LINE".length());
                final int code = ExitCodes.class.getField(name).getInt(null);
                assertEquals(code + ":" + ExitCodes.text(code), line, field.getName());
                lines++;
            }
        }
        assertEquals(ExitCodes.all().size(), lines, "one help line per code");
    }

    @Test
    void theNumbersAreTheCoresOwn()
    {
        assertEquals(io.mmipc.core.ExitCodes.USAGE, ExitCodes.USAGE);
        assertEquals(io.mmipc.core.ExitCodes.BAD_CHANNEL, ExitCodes.BAD_FILE);
        assertEquals(io.mmipc.core.ExitCodes.ROLE_TAKEN, ExitCodes.REFUSED);
        assertEquals(io.mmipc.core.ExitCodes.TIMEOUT, ExitCodes.TIMEOUT);
        assertEquals(70, Daemon.INTERNAL_ERROR);
        assertEquals(74, Daemon.IO_ERROR);
    }
}
