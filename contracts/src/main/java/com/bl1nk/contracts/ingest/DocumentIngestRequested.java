package com.bl1nk.contracts.ingest;

import com.bl1nk.contracts.StreamContract;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * "Parse, chunk and embed this document" on {@code bl1nk:ingest}: rag-service's upload path and sweeper produce it, its
 * ingest workers (group {@code rag-ingesters}) consume it; the tenant travels in the envelope.
 *
 * @param documentId the stored document
 * @param knowledgeBaseId its knowledge base
 * @param version the document's content version to ingest (a newer upload makes an older message stale)
 */
@StreamContract(stream = DocumentIngestRequested.STREAM, type = "DocumentIngestRequested", version = 1)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DocumentIngestRequested(
        @JsonProperty(required = true) UUID documentId,
        UUID knowledgeBaseId,
        @JsonProperty(required = true) int version) {

    /** Logical stream name. */
    public static final String STREAM = "bl1nk:ingest";
}
