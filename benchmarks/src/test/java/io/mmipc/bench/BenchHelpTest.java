package io.mmipc.bench;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.HelpCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scripts/bench --help} reads at 80 columns and names every mode, the two the script
 * dispatches before this class (--mailbox, --jmh) included.
 */
class BenchHelpTest
{
    @Test
    void helpReadsAt80ColumnsAndListsTheMailboxAndJmhModes()
    {
        assertEquals(List.of("bench"), HelpCheck.assertEveryHelpReadsAt80(new BenchMain()));
        final String help = HelpCheck.render(Daemon.commandLine(new BenchMain()), 80);
        assertTrue(help.contains("  --jmh [JMH ARGS]"), help);
        assertTrue(help.contains("  --mailbox [--quick]"), help);
        assertTrue(help.contains("Exit codes:"), help);
    }
}
