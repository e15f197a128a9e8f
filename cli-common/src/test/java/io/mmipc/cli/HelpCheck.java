package io.mmipc.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks that a command's help, and every subcommand's, reads cleanly at 80 columns and follows a
 * wider terminal (shared with the daemons' tests through the test-jar). At 80 columns no line is
 * longer than 80, and no line that continues an indented line (an option's description, an item
 * such as "  gen   self-checking records ...") falls back to column 0: each line of the help as
 * rendered 1000 columns wide is followed through the lines it wraps into at 80.
 */
public final class HelpCheck
{
    private HelpCheck()
    {
    }

    /**
     * @param cli   the command line.
     * @param width columns.
     * @return its help at that width.
     */
    public static String render(final CommandLine cli, final int width)
    {
        cli.setUsageHelpAutoWidth(false);
        cli.setUsageHelpWidth(width);
        return cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * Asserts the layout of {@code root}'s help and of every subcommand's, made by {@link Daemon#commandLine}.
     *
     * @param root the command object.
     * @return the qualified names of the commands checked.
     */
    public static List<String> assertEveryHelpReadsAt80(final Object root)
    {
        final List<String> checked = new ArrayList<>();
        assertEquals(HelpLayout.columns(System.getenv("COLUMNS")) == 0, Daemon.commandLine(root).isUsageHelpAutoWidth(),
            "the help follows the terminal's width (or an exported COLUMNS)");
        check(Daemon.commandLine(root), checked);
        return checked;
    }

    private static void check(final CommandLine cli, final List<String> checked)
    {
        final String name = cli.getCommandSpec().qualifiedName();
        final String narrow = render(cli, 80);
        final String wide = render(cli, 1000);
        final String wider = render(cli, 120);
        for (final String line : narrow.split("\\R"))
        {
            assertTrue(line.length() <= 80, name + " --help at 80 columns has a line of " + line.length() + ":\n" + line +
                "\n\n" + narrow);
        }
        assertTrue(wider.lines().anyMatch(line -> line.length() > 80),
            name + " --help at 120 columns does not use the room:\n" + wider);
        followWrappedLines(name, wide, narrow);
        checked.add(name);
        for (final Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet())
        {
            if (sub.getKey().equals(sub.getValue().getCommandName())) // (not its aliases)
            {
                check(sub.getValue(), checked);
            }
        }
    }

    private static void followWrappedLines(final String name, final String wide, final String narrow)
    {
        final List<String> narrowLines = nonBlank(narrow);
        int next = 0;
        for (final String logical : nonBlank(wide))
        {
            String rest = logical.replaceAll("\\s", "");
            boolean first = true;
            while (!rest.isEmpty())
            {
                assertTrue(next < narrowLines.size(), name + ": the 80-column help ends before '" + logical + "'");
                final String line = narrowLines.get(next++);
                final String text = line.replaceAll("\\s", "");
                assertTrue(!text.isEmpty() && rest.startsWith(text), name + ": at 80 columns '" + line +
                    "' does not continue '" + logical + "'\n\n" + narrow);
                assertFalse(!first && indent(logical) > 0 && indent(line) == 0, name + ": at 80 columns '" + line +
                    "' continues the indented line '" + logical.strip() + "' at column 0\n\n" + narrow);
                rest = rest.substring(text.length());
                first = false;
            }
        }
    }

    private static List<String> nonBlank(final String text)
    {
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    private static int indent(final String line)
    {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ')
        {
            i++;
        }
        return i;
    }
}
