package com.bl1nk.gateway.audit;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.audit.AuditRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes the gateway's own audited actions to {@code bl1nk:audit}, where the audit-writer (also in the gateway)
 * stores them like those of every other service. Blocking: call it off the event loop.
 */
@Component
public class AuditPublisher {

    /** The one encoding of {@code bl1nk:audit} messages, shared with the writer. */
    static final StreamCodec<AuditRecorded> AUDIT = StreamCodec.of(AuditRecorded.class);

    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);

    private final StreamPublisher publisher;

    AuditPublisher(StreamPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes one event. The action it records has already been committed, so a Redis failure is logged (with the
     * event, for reconciliation) rather than failing the request that did it.
     */
    public void publish(AuditRecorded event) {
        try {
            publisher.publish(AUDIT, event.tenantId(), event);
        } catch (RuntimeException e) {
            log.error("Could not publish audit event {} to {}: {}", event, AUDIT.stream(), e.toString());
        }
    }
}
