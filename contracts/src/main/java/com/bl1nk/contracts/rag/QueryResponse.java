package com.bl1nk.contracts.rag;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/** Ranked chunks with what a citation needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryResponse(String mode, List<Result> results) {

    /**
     * One hit (numbers boxed: a reader that does not need them reads an answer without them).
     *
     * @param score higher is better: cosine similarity (vector), ts_rank (keyword) or RRF score (hybrid)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(
            UUID chunkId,
            Double score,
            UUID knowledgeBaseId,
            Source document,
            List<String> headingPath,
            Integer page,
            Integer startOffset,
            Integer endOffset,
            Integer chunkIndex,
            String snippet,
            String content) {}

    /** The document a hit came from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(UUID id, String name) {}
}
