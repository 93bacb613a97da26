package com.bl1nk.rag.chunk;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Puts spaces between the words of Thai runs (the JDK's dictionary-based word break), because Thai is written without
 * spaces and Postgres full-text parsing would keep a whole Thai phrase as one term; other text passes unchanged.
 * Used on chunk text at index time and on the query at search time, so both sides split the same way.
 */
public final class WordSegmenter {

    private static final Locale THAI = Locale.forLanguageTag("th");

    private WordSegmenter() {}

    /** {@code text} with a space between adjacent Thai words. */
    public static String segment(String text) {
        if (text == null || text.isEmpty() || !containsThai(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        int i = 0;
        while (i < text.length()) {
            if (!isThai(text.charAt(i))) {
                out.append(text.charAt(i++));
                continue;
            }
            int end = i;
            while (end < text.length() && isThai(text.charAt(end))) {
                end++;
            }
            appendWords(text.substring(i, end), out);
            i = end;
        }
        return out.toString();
    }

    private static void appendWords(String run, StringBuilder out) {
        BreakIterator words = BreakIterator.getWordInstance(THAI);
        words.setText(run);
        int start = words.first();
        boolean first = true;
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            if (!first) {
                out.append(' ');
            }
            out.append(run, start, end);
            first = false;
        }
    }

    private static boolean containsThai(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isThai(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The Thai block, U+0E00..U+0E7F. */
    private static boolean isThai(char c) {
        return c >= '\u0E00' && c <= '\u0E7F';
    }
}
