package io.mmipc.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class VersionProviderTest
{
    @Test
    void versionNamesMmipcTheJvmAndTheOs()
    {
        final String[] lines = new VersionProvider().getVersion();
        assertEquals(3, lines.length);
        // Run from target/classes there is no jar manifest: the development build says so.
        assertEquals("mmipc (development build)", lines[0]);
        assertTrue(lines[1].startsWith("JVM: ${java.version}"), lines[1]);
        assertTrue(lines[2].startsWith("OS: ${os.name}"), lines[2]);
    }
}
