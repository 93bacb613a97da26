package com.bl1nk.cli.progress;

import java.io.PrintStream;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Progress on stderr. On a terminal: permanent lines scroll above a live block of bars that is redrawn in place (at
 * most every 100 ms unless forced); elsewhere (a pipe, a CI log) only the permanent lines, one per finished item, so a
 * log reads the same as a terminal's final state without control characters.
 */
public final class ProgressBoard {

    /** Shortest interval between two redraws of the live block. */
    static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean tty;
    private final LongSupplier nanos;
    private int liveLines;
    private long lastDraw = Long.MIN_VALUE;

    public ProgressBoard(PrintStream err, boolean tty, LongSupplier nanos) {
        this.err = err;
        this.tty = tty;
        this.nanos = nanos;
    }

    public boolean tty() {
        return tty;
    }

    /** A line that stays: a finished item, a warning. */
    public synchronized void log(String line) {
        clearLive();
        err.println(line);
        err.flush();
        liveLines = 0;
        lastDraw = Long.MIN_VALUE; // the live block must come back at once
    }

    /** Replaces the live block (terminal only); {@code force} redraws even within the redraw interval. */
    public synchronized void live(List<String> lines, boolean force) {
        if (!tty) {
            return;
        }
        long now = nanos.getAsLong();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        StringBuilder out = new StringBuilder();
        if (liveLines > 0) {
            out.append("\033[").append(liveLines).append('F'); // to the start of the block's first line
        }
        for (String line : lines) {
            out.append("\r\033[2K").append(line).append('\n');
        }
        for (int i = lines.size(); i < liveLines; i++) {
            out.append("\r\033[2K\n"); // blank out lines the block no longer uses
        }
        if (liveLines > lines.size()) {
            out.append("\033[").append(liveLines - lines.size()).append('F');
        }
        err.print(out);
        err.flush();
        liveLines = lines.size();
    }

    /** Removes the live block (the permanent lines already tell the result). */
    public synchronized void close() {
        clearLive();
        liveLines = 0;
        err.flush();
    }

    private void clearLive() {
        if (!tty || liveLines == 0) {
            return;
        }
        StringBuilder out = new StringBuilder("\033[").append(liveLines).append('F');
        for (int i = 0; i < liveLines; i++) {
            out.append("\r\033[2K\n");
        }
        out.append("\033[").append(liveLines).append('F');
        err.print(out);
    }
}
