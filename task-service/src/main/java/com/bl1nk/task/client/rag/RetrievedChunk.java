package com.bl1nk.task.client.rag;

import java.util.UUID;

/** One retrieved chunk with what a citation needs. */
public record RetrievedChunk(
        UUID chunkId, UUID knowledgeBaseId, UUID documentId, String documentName, double score, String content) {}
