package com.bl1nk.rag.parse;

import java.util.List;

/**
 * The extracted text of a document plus its blocks, in reading order; what the chunker needs and nothing of the
 * original format.
 *
 * @param contentType the sniffed media type the text was extracted from
 * @param text the document text, blocks separated by blank lines
 * @param blocks paragraph-level blocks whose offsets index {@code text}
 */
public record ParsedDocument(String contentType, String text, List<Block> blocks) {

    public ParsedDocument {
        blocks = List.copyOf(blocks);
    }

    /** The text of one block. */
    public String textOf(Block block) {
        return text.substring(block.start(), block.end());
    }
}
