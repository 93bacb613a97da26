package com.bl1nk.rag.ingest;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.ingest.DocumentIngestRequested;
import com.bl1nk.rag.document.DocumentQueued;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Puts committed uploads on {@code bl1nk:ingest}; Postgres stays the system of record, so a sweeper re-publishes
 * queued documents whose message Redis lost.
 */
@Component
class IngestForwarder {

    /** The one encoding of {@code bl1nk:ingest} messages, shared with the worker. */
    static final StreamCodec<DocumentIngestRequested> INGEST = StreamCodec.of(DocumentIngestRequested.class);

    /** Consumer group of the ingest workers. */
    static final String GROUP = "rag-ingesters";

    private static final Logger log = LoggerFactory.getLogger(IngestForwarder.class);

    private final StreamPublisher publisher;
    private final IngestRepository repository;
    private final IngestProperties properties;
    private final Clock clock;

    IngestForwarder(StreamPublisher publisher, IngestRepository repository, IngestProperties properties, Clock clock) {
        this.publisher = publisher;
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(DocumentQueued event) {
        try {
            publish(event.tenantId(), event.knowledgeBaseId(), event.documentId(), event.version());
        } catch (RuntimeException e) {
            // The document stays queued in Postgres; the sweeper publishes it again.
            log.warn("Could not publish ingest of document {}: {}", event.documentId(), e.toString());
        }
    }

    @Scheduled(
            fixedDelayString = "${bl1nk.rag.ingest.sweep-interval:60s}",
            initialDelayString = "${bl1nk.rag.ingest.sweep-interval:60s}")
    void requeueLost() {
        for (Map<String, Object> row : repository.staleQueued(clock.instant().minus(properties.requeueAfter()), 100)) {
            UUID tenantId = (UUID) row.get("tenant_id");
            UUID documentId = (UUID) row.get("id");
            publish(
                    tenantId,
                    (UUID) row.get("knowledge_base_id"),
                    documentId,
                    ((Number) row.get("version")).intValue());
            repository.touch(tenantId, documentId);
            log.info("Re-published ingest of queued document {}", documentId);
        }
    }

    private void publish(UUID tenantId, UUID kbId, UUID documentId, int version) {
        publisher.publish(INGEST, tenantId, new DocumentIngestRequested(documentId, kbId, version));
    }
}
