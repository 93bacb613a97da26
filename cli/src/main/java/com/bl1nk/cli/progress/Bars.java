package com.bl1nk.cli.progress;

import java.util.Locale;

/** Pure formatting of progress: bars, percentages, byte sizes; no terminal state, so it is tested on strings. */
public final class Bars {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private Bars() {}

    /** A bar {@code width} cells wide for {@code fraction} (clamped to 0..1): {@code [#######-------]}. */
    public static String bar(double fraction, int width) {
        double f = clamp(fraction);
        int cells = Math.max(1, width);
        int filled = (int) Math.round(f * cells);
        return "[" + "#".repeat(filled) + "-".repeat(cells - filled) + "]";
    }

    /** {@code 42%} for 0.42, padded to four characters. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%3d%%", (int) Math.floor(clamp(fraction) * 100));
    }

    /** Human byte size: {@code 512 B}, {@code 1.2 kB}, {@code 3.4 MB} (powers of 1000, as file managers show). */
    public static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1000 && unit < UNITS.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /**
     * One progress line fitted to {@code columns}: the label (shortened from the left when long), a bar and the
     * suffix, e.g. {@code guide/setup.md   [######----]  60% 1.2 kB/2.0 kB}.
     */
    public static String line(String label, double fraction, String suffix, int columns) {
        int labelWidth = Math.min(32, Math.max(12, columns / 3));
        int barWidth = Math.max(10, columns - labelWidth - suffix.length() - 10);
        return fit(label, labelWidth) + " " + bar(fraction, barWidth) + " " + percent(fraction) + " " + suffix;
    }

    /** {@code text} padded or shortened (keeping its end, where file names differ) to exactly {@code width}. */
    public static String fit(String text, int width) {
        if (text.length() <= width) {
            return text + " ".repeat(width - text.length());
        }
        return "…" + text.substring(text.length() - (width - 1));
    }

    private static double clamp(double f) {
        if (Double.isNaN(f)) {
            return 0;
        }
        return Math.max(0, Math.min(1, f));
    }
}
