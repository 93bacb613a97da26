package com.bl1nk.rag.ingest;

import java.util.UUID;

/** Payload of a {@code bl1nk:ingest} message (type {@code DocumentIngestRequested}, version 1). */
public record DocumentIngestRequested(UUID documentId, UUID knowledgeBaseId, int version) {

    /** Stream name. */
    public static final String STREAM = "bl1nk:ingest";
    /** Consumer group. */
    public static final String GROUP = "rag-ingesters";
    /** Message type. */
    public static final String TYPE = "DocumentIngestRequested";
    /** Message version. */
    public static final int VERSION = 1;
}
