package com.bl1nk.mcp.audit;

import com.bl1nk.common.stream.StreamPublisher;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code AuditRecorded} v1 events to {@code bl1nk:audit} for the gateway's audit writer; best effort so an
 * unavailable Redis never fails the action itself (the call audit row in Postgres is the record of calls).
 */
@Component
public class AuditTrail {

    /** Logical stream name from CONTRACTS.md. */
    public static final String STREAM = "bl1nk:audit";

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final ObjectProvider<StreamPublisher> publisher;
    private final Clock clock;

    AuditTrail(ObjectProvider<StreamPublisher> publisher, Clock clock) {
        this.publisher = publisher;
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
        StreamPublisher streams = publisher.getIfAvailable();
        if (streams == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenantId", tenantId.toString());
        payload.put("actor", actor);
        payload.put("action", action);
        payload.put("resourceType", resourceType);
        payload.put("resourceId", resourceId);
        payload.put("outcome", outcome);
        payload.put("details", details == null ? Map.of() : details);
        payload.put("occurredAt", clock.instant().toString());
        try {
            streams.publish(STREAM, tenantId, "AuditRecorded", 1, payload, 100_000);
        } catch (RuntimeException e) {
            log.warn("Could not publish audit event {} {}: {}", action, resourceId, e.toString());
        }
    }
}
