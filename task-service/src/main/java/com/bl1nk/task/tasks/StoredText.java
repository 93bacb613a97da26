package com.bl1nk.task.tasks;

/**
 * Makes model replies and tool results storable: Postgres {@code text} refuses the character U+0000 and {@code jsonb}
 * also refuses its JSON escape, so both become U+FFFD (the replacement character) before a step or an output is written.
 */
public final class StoredText {

    /** What U+0000 becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private static final String ESCAPED_NUL = "\\u0000";

    private StoredText() {}

    /** The text with every U+0000 replaced; the same instance when there is none (or {@code null}). */
    public static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', REPLACEMENT);
    }

    /**
     * JSON text with every U+0000 inside its strings replaced, whether raw or written as the six-character JSON escape
     * (backslash, {@code u0000}); other escapes, including an escaped backslash followed by {@code u0000}, stay as they
     * are.
     */
    public static String json(String value) {
        if (value == null || (value.indexOf('\0') < 0 && !value.contains(ESCAPED_NUL))) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c == '\0') {
                out.append(REPLACEMENT);
                i++;
            } else if (c == '\\' && i + 1 < n) {
                if (value.startsWith(ESCAPED_NUL, i)) {
                    out.append(REPLACEMENT);
                    i += ESCAPED_NUL.length();
                } else {
                    // any other escape is copied whole, so "\\" never pairs with what follows it
                    char next = value.charAt(i + 1);
                    out.append(c).append(next == '\0' ? REPLACEMENT : next);
                    i += 2;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
