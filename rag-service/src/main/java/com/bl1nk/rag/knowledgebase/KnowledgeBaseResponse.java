package com.bl1nk.rag.knowledgebase;

import java.time.Instant;
import java.util.UUID;

/** A knowledge base as the API shows it. */
public record KnowledgeBaseResponse(
        UUID id, String name, String description, Embedding embedding, Chunking chunking, Instant createdAt) {

    /** Embedding model of the knowledge base. */
    public record Embedding(String provider, String model, int dimension) {}

    /** Chunking settings of the knowledge base. */
    public record Chunking(int maxTokens, int overlapTokens) {}

    static KnowledgeBaseResponse of(KnowledgeBase kb) {
        return new KnowledgeBaseResponse(
                kb.id(),
                kb.name(),
                kb.description(),
                new Embedding(
                        kb.embedding().provider(),
                        kb.embedding().model(),
                        kb.embedding().dimension()),
                new Chunking(kb.chunking().maxTokens(), kb.chunking().overlapTokens()),
                kb.createdAt());
    }
}
