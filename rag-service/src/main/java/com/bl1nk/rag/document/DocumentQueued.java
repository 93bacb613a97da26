package com.bl1nk.rag.document;

import java.util.UUID;

/**
 * A document version was stored and waits for chunking and embedding; published inside the upload transaction and
 * forwarded to {@code bl1nk:ingest} once it commits.
 */
public record DocumentQueued(UUID tenantId, UUID knowledgeBaseId, UUID documentId, int version) {}
