package com.bl1nk.rag.knowledgebase;

import com.bl1nk.rag.chunk.ChunkingSettings;
import com.bl1nk.rag.embedding.EmbeddingSpec;
import java.time.Instant;
import java.util.UUID;

/** A knowledge base as stored; other features read its embedding and chunking settings from here. */
public record KnowledgeBase(
        UUID id,
        UUID tenantId,
        String name,
        String description,
        EmbeddingSpec embedding,
        ChunkingSettings chunking,
        Instant createdAt) {}
