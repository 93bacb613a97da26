package com.bl1nk.rag.parse;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises page chrome that survives structural skipping (HTML nav elements are skipped earlier): navigation link
 * rows (Prev / Up / Home / Next), cookie banners and tables of contents, in HTML text and Markdown alike; such
 * paragraphs answer no question and crowd real chunks out of results.
 */
final class Boilerplate {

    private static final Set<String> NAVIGATION_WORDS = Set.of(
            "prev",
            "previous",
            "next",
            "up",
            "home",
            "index",
            "contents",
            "modules",
            "toc",
            "navigation",
            "«",
            "»",
            "|",
            "←",
            "→",
            "↑",
            "<",
            ">",
            "<<",
            ">>",
            "·",
            "•");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern TOC_LINE = Pattern.compile(
            "^\\s*(?:[-*+]|\\d+(?:\\.\\d+)*\\.?)?\\s*(?:\\[[^\\]]+\\]\\([^)]*\\)|.{1,120}?\\.{4,}\\s*\\d+)\\s*$");
    private static final Pattern TOC_HEADING =
            Pattern.compile("(?i)^(table of contents|contents|on this page|in this article|สารบัญ)$");

    private Boilerplate() {}

    /** Whether a heading opens a table of contents (its paragraphs are skipped until the next heading). */
    static boolean isTableOfContentsHeading(String title) {
        return TOC_HEADING.matcher(title.strip()).matches();
    }

    /** Whether a normalised paragraph is navigation, a cookie banner or a table of contents. */
    static boolean isBoilerplate(String paragraph) {
        return isNavigation(paragraph) || isCookieBanner(paragraph) || isTableOfContents(paragraph);
    }

    private static boolean isNavigation(String paragraph) {
        if (paragraph.length() > 200) {
            return false;
        }
        String plain = MARKDOWN_LINK.matcher(paragraph).replaceAll("$1").toLowerCase(Locale.ROOT);
        String[] words = plain.split("[\\s:,()\\[\\]]+");
        int navigation = 0;
        int other = 0;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (NAVIGATION_WORDS.contains(word)) {
                navigation++;
            } else {
                other++;
            }
        }
        // "Previous topic: Data model | Next" keeps a title or two between the navigation words
        return navigation >= 2 && other <= navigation;
    }

    private static boolean isCookieBanner(String paragraph) {
        String lower = paragraph.toLowerCase(Locale.ROOT);
        return paragraph.length() <= 600
                && lower.contains("cookie")
                && (lower.contains("accept")
                        || lower.contains("consent")
                        || lower.contains("agree")
                        || lower.contains("preferences"));
    }

    private static boolean isTableOfContents(String paragraph) {
        String[] lines = paragraph.split("\n");
        if (lines.length < 3) {
            return false;
        }
        for (String line : lines) {
            if (!TOC_LINE.matcher(line).matches()) {
                return false;
            }
        }
        return true;
    }
}
