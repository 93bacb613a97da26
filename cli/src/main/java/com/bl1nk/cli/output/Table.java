package com.bl1nk.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: a header row and left-aligned columns sized to their content (a cell is cut at 60 characters). */
public final class Table {

    private static final int MAX_CELL = 60;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(cell(c));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(format(headers, widths));
        rows.forEach(r -> out.println(format(r, widths)));
    }

    private static String format(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            if (i == widths.length - 1) {
                line.append(c);
            } else {
                line.append(c).append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        return line.toString().stripTrailing();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String s = value.toString().replace('\n', ' ').replace('\r', ' ').strip();
        if (s.isEmpty()) {
            return "-";
        }
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }
}
