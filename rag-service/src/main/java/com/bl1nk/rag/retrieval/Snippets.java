package com.bl1nk.rag.retrieval;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picks the window of a chunk that best shows why it matched: the stretch with the most query words. */
final class Snippets {

    static final int LENGTH = 240;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]{3,}");
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "are", "was", "what", "how", "does", "which", "with", "that", "this", "from", "can",
            "you", "use", "when", "why", "who", "into", "its", "not", "there", "their", "have", "has", "should");

    private Snippets() {}

    static String snippet(String content, String query) {
        if (content.length() <= LENGTH) {
            return content;
        }
        Set<String> terms = new HashSet<>();
        Matcher q = WORD.matcher(query.toLowerCase(Locale.ROOT));
        while (q.find()) {
            if (!STOP.contains(q.group())) {
                terms.add(q.group());
            }
        }
        String lower = content.toLowerCase(Locale.ROOT);
        int bestStart = 0;
        int bestScore = -1;
        Matcher m = WORD.matcher(lower);
        while (m.find()) {
            if (!terms.contains(m.group())) {
                continue;
            }
            int start = Math.max(0, m.start() - 40);
            int score = countTerms(lower, start, Math.min(lower.length(), start + LENGTH), terms);
            if (score > bestScore) {
                bestScore = score;
                bestStart = start;
            }
        }
        int start = wordStart(content, bestStart);
        int end = Math.min(content.length(), start + LENGTH);
        String window = content.substring(start, end).strip();
        return (start > 0 ? "…" : "") + window + (end < content.length() ? "…" : "");
    }

    private static int countTerms(String lower, int start, int end, Set<String> terms) {
        Matcher m = WORD.matcher(lower).region(start, end);
        int count = 0;
        while (m.find()) {
            if (terms.contains(m.group())) {
                count++;
            }
        }
        return count;
    }

    private static int wordStart(String s, int from) {
        int i = from;
        while (i > 0 && i > from - 20 && !Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
