package com.bl1nk.gateway.audit;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.contracts.audit.AuditRecorded;
import org.springframework.stereotype.Component;

/**
 * Records the gateway's own audited actions in its audit outbox ({@code identity.audit_outbox}), from where the relay
 * delivers them to {@code bl1nk:audit} and the audit-writer (also in the gateway) chains them like those of every
 * other service. Called inside the transaction of the change, the event commits or rolls back with it; called after,
 * it is still durable before the request answers. Blocking: call it off the event loop.
 */
@Component
public class AuditPublisher {

    /** The one encoding of {@code bl1nk:audit} messages, shared with the writer. */
    static final StreamCodec<AuditRecorded> AUDIT = AuditOutbox.AUDIT;

    private final AuditOutbox outbox;

    AuditPublisher(AuditOutbox outbox) {
        this.outbox = outbox;
    }

    /** Records one event (a database failure fails the caller: an unaudited change must not look done). */
    public void publish(AuditRecorded event) {
        outbox.record(event);
    }
}
