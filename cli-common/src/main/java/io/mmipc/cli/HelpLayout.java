package io.mmipc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lays out the free text of a help (description and footer) at the terminal's width, as
 * {@code man} does: the descriptions are written as paragraphs with no hard line breaks, so they
 * rewrap at any width; an indented line keeps its indent when it wraps, and an item such as
 * {@code "  gen        self-checking records ..."} (a word, then two or more spaces) wraps under its
 * text, not under its word. Picocli's own layout wraps such lines back to column 0.
 */
public final class HelpLayout
{
    private HelpLayout()
    {
    }

    /**
     * Puts this layout on {@code cli} and all its subcommands, with the help width following the
     * terminal's ({@code usageHelpAutoWidth}; 80 columns where none is detected).
     *
     * @param cli the command line.
     */
    public static void apply(final CommandLine cli)
    {
        cli.setUsageHelpAutoWidth(true);
        final int columns = columns(System.getenv("COLUMNS"));
        if (columns > 0)
        {
            cli.setUsageHelpWidth(columns); // an exported COLUMNS, as in a script; else the terminal's
            cli.setUsageHelpAutoWidth(false);
        }
        final Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(cli.getHelpSectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> render(help, help.commandSpec().usageMessage()
            .description()));
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> render(help, help.commandSpec().usageMessage()
            .footer()));
        cli.setHelpSectionMap(sections); // (picocli copies the map into every subcommand)
    }

    /** @return COLUMNS as a width Picocli accepts (55 or more), or 0. */
    static int columns(final String value)
    {
        try
        {
            final int n = value == null ? 0 : Integer.parseInt(value.trim());
            return n >= 55 ? n : 0; // (55: Picocli's minimum width)
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static String render(final Help help, final String[] lines)
    {
        if (lines.length == 0)
        {
            return "";
        }
        final StringBuilder text = new StringBuilder();
        for (final String line : lines)
        {
            text.append(format(line)).append('\n');
        }
        return wrap(text.toString(), help.commandSpec().usageMessage().width());
    }

    /** Expands %n and %% as Picocli would; a line that is no format string stays as it is. */
    private static String format(final String line)
    {
        try
        {
            return String.format(Locale.ROOT, line).replace(System.lineSeparator(), "\n");
        }
        catch (final IllegalFormatException ex)
        {
            return line;
        }
    }

    /**
     * @param text  lines separated by '\n'.
     * @param width columns.
     * @return the text with every line longer than {@code width} wrapped at spaces, continuation
     *         lines indented to the line's text (past an item's word, see the class comment).
     */
    public static String wrap(final String text, final int width)
    {
        final StringBuilder out = new StringBuilder();
        for (final String line : text.split("\n", -1))
        {
            wrapLine(line.stripTrailing(), width, out);
            out.append('\n');
        }
        out.setLength(out.length() - 1); // the split's last piece had no '\n' after it
        return out.toString();
    }

    private static void wrapLine(final String line, final int width, final StringBuilder out)
    {
        if (line.length() <= width)
        {
            out.append(line);
            return;
        }
        final int hang = Math.min(hangingIndent(line), width / 2);
        final String indent = " ".repeat(hang);
        // The first line keeps its indent and an item's word with the spaces after it.
        final int prefix = Math.max(hang, skipSpaces(line, 0));
        out.append(line, 0, prefix);
        int column = prefix;
        boolean lineEmpty = true;
        for (String word : line.substring(prefix).trim().split(" +"))
        {
            if (!lineEmpty && column + 1 + word.length() > width)
            {
                out.append('\n').append(indent);
                column = hang;
                lineEmpty = true;
            }
            if (!lineEmpty)
            {
                out.append(' ');
                column++;
            }
            while (column + word.length() > width) // a word longer than the room left: cut it
            {
                final int room = width - column;
                out.append(word, 0, room).append('\n').append(indent);
                word = word.substring(room);
                column = hang;
            }
            out.append(word);
            column += word.length();
            lineEmpty = false;
        }
    }

    /**
     * @return the column continuation lines start at: the line's indent, or past an item's word and
     *         the two or more spaces after it ("  gen        text": the column of "text").
     */
    static int hangingIndent(final String line)
    {
        final int indent = skipSpaces(line, 0);
        if (indent == 0)
        {
            return 0; // a paragraph: its continuation lines start at column 0 too
        }
        final int wordEnd = indexOfSpace(line, indent);
        final int textStart = skipSpaces(line, wordEnd);
        return textStart - wordEnd >= 2 && textStart < line.length() ? textStart : indent;
    }

    private static int indexOfSpace(final String s, final int from)
    {
        final int at = s.indexOf(' ', from);
        return at < 0 ? s.length() : at;
    }

    private static int skipSpaces(final String s, final int from)
    {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ')
        {
            i++;
        }
        return i;
    }

}
