package io.mmipc.bridge;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.StderrCapture;
import io.mmipc.core.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class BridgeMainTest
{
    @RegisterExtension
    final StderrCapture err = new StderrCapture();

    @TempDir
    Path dir;

    @Test
    void withoutACommandItPrintsUsageAndExitsTwo()
    {
        assertEquals(ExitCodes.USAGE, Daemon.run(new BridgeMain()));
        assertTrue(err.text().contains("give a command: send or receive"), err.text());
    }

    @Test
    void aMissingAddressIsAUsageError()
    {
        assertEquals(ExitCodes.USAGE, Daemon.run(new BridgeMain(), "send", "--channel", dir + "/c", "--local",
            "127.0.0.1:40999"));
        assertTrue(err.text().contains("--remote"), err.text());
    }

    @Test
    void anAddressAeronCannotUseExitsTwoNamingItAndLeavesNoDriverDirectory() throws Exception
    {
        final int code = Daemon.run(new BridgeMain(), "send", "--channel", dir + "/c", "--capacity", "64k",
            "--local", "no-such-host.invalid:40999", "--remote", "127.0.0.1:40998");
        assertEquals(ExitCodes.USAGE, code, err.text());
        assertTrue(err.text().contains("cannot set up Aeron (local no-such-host.invalid:40999"), err.text());
        try (var dirs = Files.list(Path.of("/dev/shm")))
        {
            final String mine = Transport.DIR_PREFIX + ProcessHandle.current().pid() + "-";
            assertTrue(dirs.noneMatch(p -> p.getFileName().toString().startsWith(mine)),
                "the embedded driver's directory is deleted");
        }
    }
}
