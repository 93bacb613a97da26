package com.bl1nk.rag.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits decoded plain text and Markdown into blocks: blank lines end paragraphs, fenced code stays whole, and in
 * Markdown ATX and setext headings open sections.
 */
final class PlainTextBlocks {

    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
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
                Matcher atx = ATX_HEADING.matcher(line);
                if (atx.matches()) {
                    flush(paragraph, builder);
                    builder.heading(atx.group(1).length(), atx.group(2), null);
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

    private static void flush(StringBuilder paragraph, DocumentBuilder builder) {
        if (!paragraph.isEmpty()) {
            builder.paragraph(paragraph.toString(), null);
            paragraph.setLength(0);
        }
    }
}
