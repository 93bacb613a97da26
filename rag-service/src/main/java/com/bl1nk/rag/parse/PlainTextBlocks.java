package com.bl1nk.rag.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits decoded plain text and Markdown into blocks: blank lines end paragraphs, fenced code stays whole, and in
 * Markdown ATX and setext headings open sections.
 */
final class PlainTextBlocks {

    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*$");

    private PlainTextBlocks() {}

    static void read(String text, boolean markdown, DocumentBuilder builder) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder paragraph = new StringBuilder();
        boolean inFence = false;
        for (String line : lines) {
            if (markdown && FENCE.matcher(line).matches()) {
                if (inFence) {
                    paragraph.append(line).append('\n');
                    builder.paragraph(paragraph.toString(), null);
                    paragraph.setLength(0);
                    inFence = false;
                } else {
                    flush(paragraph, builder);
                    paragraph.append(line).append('\n');
                    inFence = true;
                }
                continue;
            }
            if (inFence) {
                paragraph.append(line).append('\n');
                continue;
            }
            if (markdown) {
                AtxHeading atx = AtxHeading.parse(line);
                if (atx != null) {
                    flush(paragraph, builder);
                    builder.heading(atx.level(), atx.title(), null);
                    continue;
                }
                Matcher setext = SETEXT_UNDERLINE.matcher(line);
                if (setext.matches() && !paragraph.isEmpty() && paragraph.indexOf("\n") == paragraph.length() - 1) {
                    String title = paragraph.toString();
                    paragraph.setLength(0);
                    builder.heading(setext.group(1).charAt(0) == '=' ? 1 : 2, title, null);
                    continue;
                }
            }
            if (line.isBlank()) {
                flush(paragraph, builder);
            } else {
                paragraph.append(line).append('\n');
            }
        }
        flush(paragraph, builder);
    }

    /**
     * An ATX heading ({@code ## Title ##}), read by one left-to-right scan: a regular expression with a lazy title
     * followed by optional spaces and closing hashes backtracks polynomially on lines of many {@code #} and spaces,
     * which let one small upload hold a request thread for minutes.
     */
    record AtxHeading(int level, String title) {

        static AtxHeading parse(String line) {
            int i = 0;
            int end = line.length();
            while (i < end && i < 3 && line.charAt(i) == ' ') {
                i++;
            }
            int hashes = 0;
            while (i + hashes < end && line.charAt(i + hashes) == '#') {
                hashes++;
            }
            if (hashes < 1 || hashes > 6 || i + hashes >= end || !isSpace(line.charAt(i + hashes))) {
                return null;
            }
            int start = i + hashes;
            while (start < end && isSpace(line.charAt(start))) {
                start++;
            }
            int stop = trimSpaceEnd(line, start, end);
            while (stop > start && line.charAt(stop - 1) == '#') {
                stop--;
            }
            stop = trimSpaceEnd(line, start, stop);
            return new AtxHeading(hashes, line.substring(start, stop));
        }

        private static int trimSpaceEnd(String line, int start, int stop) {
            while (stop > start && isSpace(line.charAt(stop - 1))) {
                stop--;
            }
            return stop;
        }

        /** The characters {@code \s} matches by default. */
        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
        }
    }

    private static void flush(StringBuilder paragraph, DocumentBuilder builder) {
        if (!paragraph.isEmpty()) {
            builder.paragraph(paragraph.toString(), null);
            paragraph.setLength(0);
        }
    }
}
