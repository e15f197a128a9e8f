package io.mmipc.bench;

import io.mmipc.cli.Daemon;
import io.mmipc.core.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bench end to end, with real peer JVMs: one record corrupted by the sender (the test hook
 * {@code -Dmmipc.bench.corrupt}) must end the bench with exit code 1 and say which run and why.
 */
class CorruptRunTest
{
    private final PrintStream out = System.out;

    @AfterEach
    void restore()
    {
        System.setOut(out);
        System.clearProperty(Workload.CORRUPT_PROPERTY);
        System.clearProperty("mmipc.jvm.options");
    }

    @Test
    void oneCorruptedRecordFailsTheBenchWithExitCodeOne()
    {
        System.setProperty("mmipc.jvm.options", Path.of("..", "scripts", "jvm.options").toAbsolutePath().toString());
        System.setProperty(Workload.CORRUPT_PROPERTY, "1234");
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        final int code = Daemon.run(new BenchMain(), "--transports", "pipe", "--sizes", "64", "--rounds", "1", "--count",
            "20000", "--capacity", "64k", "--seed", "5");
        final String text = captured.toString();
        out.println(text);
        assertEquals(ExitCodes.VERIFICATION_FAILED, code, text);
        assertTrue(text.contains("VERIFICATION FAILED") && text.contains("checksum") && text.contains("seed 5"), text);
    }
}
