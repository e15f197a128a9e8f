package io.mmipc.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tables {@code ipc stat} and {@code ipc list} print: a header line of column names, then
 * rows of as many whitespace-separated cells, up to the next line that is not such a row.
 */
final class StatTable
{
    private StatTable()
    {
    }

    /**
     * @param out         the command's output.
     * @param firstColumn the name of the first column of the tables to read.
     * @return every row of every table whose header starts with {@code firstColumn}, column name to cell.
     */
    static List<Map<String, String>> rows(final String out, final String firstColumn)
    {
        final List<Map<String, String>> rows = new ArrayList<>();
        String[] header = null;
        for (final String line : out.lines().toList())
        {
            final String[] cells = line.trim().split("\\s+");
            if (cells.length > 0 && cells[0].equals(firstColumn))
            {
                header = cells;
                continue;
            }
            if (header != null && cells.length == header.length && !line.isBlank())
            {
                final Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < cells.length; i++)
                {
                    row.put(header[i], cells[i]);
                }
                rows.add(row);
            }
            else
            {
                header = null;
            }
        }
        return rows;
    }
}
