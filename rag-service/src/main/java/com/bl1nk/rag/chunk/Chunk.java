package com.bl1nk.rag.chunk;

import java.util.List;

/**
 * A piece of a document sized for embedding, with everything a citation needs.
 *
 * @param chunkIndex position within the document version, from 0
 * @param content exactly the document text between {@code start} and {@code end}
 * @param headingPath headings of the section the chunk belongs to
 * @param page 1-based page of the chunk's start (PDF), otherwise null
 * @param start first character in the document text
 * @param end character after the last one in the document text
 * @param tokens estimated token count of {@code content}
 */
public record Chunk(
        int chunkIndex, String content, List<String> headingPath, Integer page, int start, int end, int tokens) {

    public Chunk {
        headingPath = List.copyOf(headingPath);
    }

    /** The text given to the embedding model: the heading path gives a short chunk its context. */
    public String embeddingText() {
        return headingPath.isEmpty() ? content : String.join(" > ", headingPath) + "\n" + content;
    }

    /** The text keyword search indexes: the heading path and the content, Thai split into words. */
    public String searchText() {
        return WordSegmenter.segment(embeddingText());
    }
}
