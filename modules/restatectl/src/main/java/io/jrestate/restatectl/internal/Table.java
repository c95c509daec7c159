package io.jrestate.restatectl.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A table in the reference's {@code compact} style: a space, the cells of each row padded to their column's
 * width and separated by two spaces, and a trailing space; the header row is in capitals.
 *
 * <pre>
 *  NODE-ID  NAME  UPTIME
 *  N1       vm    17m 40s
 * </pre>
 */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(final List<String> header) {
        this.header = List.copyOf(header);
    }

    Table row(final List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    String render() {
        final int[] widths = new int[header.size()];
        for (List<String> row : allRows()) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (List<String> row : allRows()) {
            out.append(' ');
            for (int c = 0; c < row.size(); c++) {
                out.append(c == 0 ? "" : "  ").append(row.get(c)).append(" ".repeat(widths[c] - row.get(c).length()));
            }
            out.append(" \n");
        }
        return out.toString();
    }

    private List<List<String>> allRows() {
        final List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
