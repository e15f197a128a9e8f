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
        assertEquals("JVM: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + " " +
            System.getProperty("java.vm.name") + ")", lines[1]);
        assertTrue(lines[2].startsWith("OS: " + System.getProperty("os.name") + " "), lines[2]);
        assertFalse(String.join("\n", lines).contains("${"), "resolved, with or without Picocli");
    }
}
