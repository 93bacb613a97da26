package com.bl1nk.rag.ingest;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.stream.StreamHandler;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.contracts.ingest.DocumentIngestRequested;
import com.bl1nk.rag.parse.DocumentRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles {@code bl1nk:ingest} messages: permanent problems mark the document failed with a reason and acknowledge;
 * transient ones throw so the message is retried, and the last attempt marks the document failed.
 */
@Component
class IngestWorker implements StreamHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestWorker.class);

    private final IngestProcessor processor;
    private final IngestProperties properties;

    IngestWorker(IngestProcessor processor, IngestProperties properties) {
        this.processor = processor;
        this.properties = properties;
    }

    @Override
    public void handle(StreamMessage message) {
        if (!IngestForwarder.INGEST.matches(message) || message.tenantId() == null) {
            log.warn("Ignoring unexpected message {} of type {}", message.id(), message.type());
            return;
        }
        DocumentIngestRequested request = IngestForwarder.INGEST.decode(message);
        try {
            processor.process(message.tenantId(), request.documentId(), request.version());
        } catch (DocumentRejectedException | IllegalArgumentException e) {
            processor.fail(message.tenantId(), request.documentId(), request.version(), e.getMessage());
        } catch (ApiException e) {
            if (e.getStatusCode().is4xxClientError() || message.deliveryCount() >= properties.maxAttempts()) {
                processor.fail(message.tenantId(), request.documentId(), request.version(), e.detail());
                return;
            }
            throw e;
        } catch (RuntimeException e) {
            if (message.deliveryCount() >= properties.maxAttempts()) {
                processor.fail(
                        message.tenantId(),
                        request.documentId(),
                        request.version(),
                        "ingestion failed after " + message.deliveryCount() + " attempts");
            }
            throw e;
        }
    }
}
