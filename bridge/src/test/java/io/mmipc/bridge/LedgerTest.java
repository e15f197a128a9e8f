package io.mmipc.bridge;

import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.MmipcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class LedgerTest
{
    @TempDir
    Path dir;

    @Test
    void theMappingAndTheEndSurviveAReopenAndRemovingForgetsThem()
    {
        final Path channel = dir.resolve("far.mmipc");
        final Ledger fresh = Ledger.beside(channel);
        assertFalse(fresh.present());
        assertEquals(dir.resolve("far.bridge"), fresh.path());

        fresh.start(7, 1000); // destination 7 holds source 1000: offset -993
        Ledger again = Ledger.beside(channel);
        assertTrue(again.present());
        assertEquals(-993, again.offset());
        assertEquals(Ledger.NO_END, again.end());

        again.ending(2500);
        again = Ledger.beside(channel);
        assertEquals(-993, again.offset());
        assertEquals(2500, again.end());

        again.remove();
        assertFalse(Files.exists(dir.resolve("far.bridge")));
        assertFalse(Ledger.beside(channel).present());
        assertFalse(Files.exists(dir.resolve("far.bridge.tmp")), "no temporary file is left");
    }

    @Test
    void aLedgerThatDoesNotParseIsABadChannelNamingTheFile() throws Exception
    {
        Files.writeString(dir.resolve("far.bridge"), "mmipc-bridge-ledger 1\noffset twelve\nend -1\n");
        final MmipcException ex = assertThrows(MmipcException.class, () -> Ledger.beside(dir.resolve("far.mmipc")));
        assertEquals(ExitCodes.BAD_CHANNEL, ex.exitCode());
        assertTrue(ex.getMessage().contains(dir.resolve("far.bridge").toString()), ex.getMessage());

        Files.writeString(dir.resolve("far.bridge"), "something else\n");
        final MmipcException foreign = assertThrows(MmipcException.class, () -> Ledger.beside(dir.resolve("far.mmipc")));
        assertTrue(foreign.getMessage().contains("is not a bridge ledger"), foreign.getMessage());
    }
}
