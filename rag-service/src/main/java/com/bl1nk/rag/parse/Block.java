package com.bl1nk.rag.parse;

import java.util.List;

/**
 * One paragraph-level unit of a parsed document; offsets index {@link ParsedDocument#text()} so a chunk built from
 * blocks can cite exactly where its text came from.
 *
 * @param headingPath headings enclosing the block, outermost first
 * @param page 1-based page for paged formats (PDF), otherwise null
 * @param start first character (inclusive) in the document text
 * @param end last character (exclusive) in the document text
 */
public record Block(List<String> headingPath, Integer page, int start, int end) {

    public Block {
        headingPath = List.copyOf(headingPath);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid block offsets " + start + ".." + end);
        }
    }
}
