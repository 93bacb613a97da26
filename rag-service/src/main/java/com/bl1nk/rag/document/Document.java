package com.bl1nk.rag.document;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A document row as the API reports it: where ingestion stands and what was uploaded. */
public record Document(
        UUID id,
        UUID knowledgeBaseId,
        String name,
        String contentType,
        long sizeBytes,
        String contentHash,
        int version,
        Integer liveVersion,
        String status,
        String failureReason,
        int progress,
        int chunkCount,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt) {}
