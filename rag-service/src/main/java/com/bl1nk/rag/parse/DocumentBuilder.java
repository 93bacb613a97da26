package com.bl1nk.rag.parse;

import com.bl1nk.common.error.CommonErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Accumulates blocks and the heading stack while a parser walks a document, so every format yields the same shape. */
final class DocumentBuilder {

    private static final String SEPARATOR = "\n\n";

    private final StringBuilder text = new StringBuilder();
    private final List<Block> blocks = new ArrayList<>();
    private final List<String> headings = new ArrayList<>();
    private final List<Integer> headingLevels = new ArrayList<>();
    private final int maxChars;
    private boolean inTableOfContents;

    DocumentBuilder(int maxChars) {
        this.maxChars = maxChars;
    }

    /**
     * Drops trailing permalink signs, hashes and whitespace by scanning back once; an end-anchored regular
     * expression would retry from every position of a long run that is not at the end (quadratic).
     */
    static String withoutTrailingMarks(String title) {
        int end = title.length();
        while (end > 0) {
            char c = title.charAt(end - 1);
            if (c != '\u00b6'
                    && c != '#'
                    && !(c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r')) {
                break;
            }
            end--;
        }
        return title.substring(0, end);
    }

    /** Opens a heading of {@code level} (1 = outermost); the heading text is also a block of its own section. */
    void heading(int level, String rawTitle, Integer page) {
        // Sphinx and similar generators end headings with a permalink sign.
        String title = withoutTrailingMarks(normalize(rawTitle).replace('\n', ' '));
        if (title.isEmpty()) {
            return;
        }
        inTableOfContents = Boilerplate.isTableOfContentsHeading(title);
        if (inTableOfContents) {
            return;
        }
        while (!headingLevels.isEmpty() && headingLevels.getLast() >= level) {
            headingLevels.removeLast();
            headings.removeLast();
        }
        headingLevels.add(level);
        headings.add(title);
    }

    /** Adds a paragraph under the current heading path; blank paragraphs are dropped. */
    void paragraph(String raw, Integer page) {
        String paragraph = normalize(raw);
        if (paragraph.isEmpty() || inTableOfContents || Boilerplate.isBoilerplate(paragraph)) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(SEPARATOR);
        }
        if (text.length() + paragraph.length() > maxChars) {
            throw new DocumentRejectedException(
                    CommonErrorCode.PAYLOAD_TOO_LARGE, "the document text exceeds " + maxChars + " characters");
        }
        int start = text.length();
        text.append(paragraph);
        blocks.add(new Block(headings, page, start, text.length()));
    }

    /**
     * The document; a short paragraph repeated three or more times (a running header or footer of every page) is
     * dropped everywhere, and the text is rebuilt without the rest so offsets stay exact.
     */
    ParsedDocument build(String contentType) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (Block block : blocks) {
            String t = text.substring(block.start(), block.end());
            if (t.length() <= 200) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        if (counts.values().stream().noneMatch(n -> n >= 3)) {
            return new ParsedDocument(contentType, text.toString(), blocks);
        }
        StringBuilder kept = new StringBuilder(text.length());
        List<Block> keptBlocks = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            String t = text.substring(block.start(), block.end());
            if (counts.getOrDefault(t, 0) >= 3) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append(SEPARATOR);
            }
            int start = kept.length();
            kept.append(t);
            keptBlocks.add(new Block(block.headingPath(), block.page(), start, kept.length()));
        }
        return new ParsedDocument(contentType, kept.toString(), keptBlocks);
    }

    /** Collapses runs of whitespace inside a line but keeps line breaks that carry meaning (code, lists). */
    static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String[] lines = raw.replace('\u00a0', ' ')
                .replace("\r\n", "\n")
                .replace('\r', '\n')
                .split("\n", -1);
        StringBuilder out = new StringBuilder(raw.length());
        for (String line : lines) {
            String trimmed = line.strip().replaceAll("[ \\t\\x0B\\f]+", " ");
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(trimmed);
        }
        return out.toString();
    }
}
