package com.bl1nk.mcp.audit;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records mcp-service's audited actions in its audit outbox ({@code mcp.audit_outbox}), inside the caller's transaction
 * when there is one, from where they reach the gateway's audit writer at least once; a Redis outage delays them but
 * loses none.
 */
@Component
public class AuditTrail {

    private final AuditOutbox outbox;
    private final Clock clock;

    AuditTrail(AuditOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Records one action; {@code details} must never contain secret values. */
    public void record(
            UUID tenantId,
            String actor,
            String action,
            String resourceType,
            String resourceId,
            String outcome,
            Map<String, Object> details) {
        outbox.record(new AuditRecorded(
                tenantId, actor, action, resourceType, resourceId, outcome, details, clock.instant()));
    }
}
