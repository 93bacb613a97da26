package com.bl1nk.rag.retrieval;

import java.util.List;
import java.util.UUID;

/** Ranked chunks with what a citation needs. */
public record QueryResponse(String mode, List<Result> results) {

    /**
     * One hit.
     *
     * @param score higher is better: cosine similarity (vector), ts_rank (keyword) or RRF score (hybrid)
     */
    public record Result(
            UUID chunkId,
            double score,
            UUID knowledgeBaseId,
            Source document,
            List<String> headingPath,
            Integer page,
            int startOffset,
            int endOffset,
            int chunkIndex,
            String snippet,
            String content) {}

    /** The document a hit came from. */
    public record Source(UUID id, String name) {}
}
