package io.mmipc.core.file;

import io.mmipc.exceptions.MmipcException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ChannelPathsTest
{
    @Test
    void bareNameLivesInTheChannelDirectory()
    {
        assertEquals(ChannelPaths.directory().resolve("orders.mmipc"), ChannelPaths.resolve("orders"));
    }

    @Test
    void nameWithSlashIsAPath()
    {
        assertEquals(Path.of("/tmp/x/ch"), ChannelPaths.resolve("/tmp/x/ch"));
        assertEquals(Path.of("./ch"), ChannelPaths.resolve("./ch"));
    }

    @Test
    void namesThatCouldEscapeOrHideAreRefused()
    {
        for (final String bad : new String[] {"", "..", ".hidden", "a b", "tab\tname", "nl\n", "semi;colon", "x".repeat(201)})
        {
            final MmipcException ex = assertThrows(MmipcException.class, () -> ChannelPaths.resolve(bad), bad);
            assertEquals(2, ex.exitCode());
        }
    }
}
