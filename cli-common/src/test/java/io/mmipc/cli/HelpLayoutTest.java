package io.mmipc.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The help's free text wraps as a man page does: paragraphs rewrap, an item wraps under its text.
 */
class HelpLayoutTest
{
    @Test
    void anItemWrapsUnderItsTextNotUnderItsWord()
    {
        final String wrapped = HelpLayout.wrap("  gen        self-checking records: bytes 0-7 the sequence, 8-15 a " +
            "checksum of the rest", 40);
        assertEquals("  gen        self-checking records:\n" +
                     "             bytes 0-7 the sequence,\n" +
                     "             8-15 a checksum of the rest", wrapped);
    }

    @Test
    void aParagraphRewrapsAtTheWidthAndShortLinesStayAsWritten()
    {
        assertEquals("one two three\nfour five\n\n  a   b", HelpLayout.wrap("one two three four five\n\n  a   b", 13));
        assertEquals("    indented text\n    continues here", HelpLayout.wrap("    indented text continues here", 20));
    }

    @Test
    void anExportedColumnsOf55OrMoreSetsTheWidth()
    {
        assertEquals(120, HelpLayout.columns("120"));
        assertEquals(55, HelpLayout.columns("55"));
        assertEquals(0, HelpLayout.columns("54"));
        assertEquals(0, HelpLayout.columns("wide"));
        assertEquals(0, HelpLayout.columns(null));
    }

    @Test
    void aWordLongerThanTheRoomIsCutRatherThanOverflowing()
    {
        assertEquals("  x  abcdefgh\n     ijkl", HelpLayout.wrap("  x  abcdefghijkl", 13));
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"A paragraph long enough to wrap at eighty columns, which picocli would also wrap, but an " +
            "item below would lose its indent:", "  item       text of the item that is long enough to wrap at " +
            "eighty columns, twice over, so that its continuation lines show"},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE})
    static final class Sample implements Runnable
    {
        @Option(names = "--long-option", description = "An option whose description is long enough to wrap in " +
            "its column at eighty columns.")
        String value;

        @Override
        public void run()
        {
        }
    }

    @Test
    void aCommandsHelpPassesTheCheckAndPicocliAloneDoesNot()
    {
        assertEquals(java.util.List.of("sample"), HelpCheck.assertEveryHelpReadsAt80(new Sample()));
        final picocli.CommandLine plain = new picocli.CommandLine(new Sample());
        final String help = HelpCheck.render(plain, 80);
        assertTrue(help.lines().anyMatch(line -> line.startsWith("wrap") || line.startsWith("eighty") ||
            line.startsWith("continuation")), "picocli's own layout puts the item's continuation at column 0:\n" + help);
    }
}
