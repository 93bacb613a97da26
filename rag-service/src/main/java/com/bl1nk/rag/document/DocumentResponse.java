package com.bl1nk.rag.document;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A document as the API shows it.
 *
 * @param deduplicated true when an upload matched an existing document's content and nothing new was stored
 */
public record DocumentResponse(
        UUID id,
        UUID knowledgeBaseId,
        String name,
        String contentType,
        long sizeBytes,
        String contentHash,
        int version,
        String status,
        String failureReason,
        int progress,
        int chunkCount,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt,
        boolean deduplicated) {

    static DocumentResponse of(Document d, boolean deduplicated) {
        return new DocumentResponse(
                d.id(),
                d.knowledgeBaseId(),
                d.name(),
                d.contentType(),
                d.sizeBytes(),
                d.contentHash(),
                d.version(),
                d.status(),
                d.failureReason(),
                d.progress(),
                d.chunkCount(),
                d.metadata(),
                d.createdAt(),
                d.updatedAt(),
                deduplicated);
    }
}
