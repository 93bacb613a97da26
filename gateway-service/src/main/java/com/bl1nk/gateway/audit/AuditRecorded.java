package com.bl1nk.gateway.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Payload of the {@code AuditRecorded} v1 event on {@code bl1nk:audit}: one action someone took, as every service
 * publishes it and the audit-writer stores it.
 *
 * @param tenantId tenant the action belongs to
 * @param actor principal that acted ({@code key:<id>}, {@code service:<name>}, {@code system:bootstrap})
 * @param action what happened, e.g. {@code api_key.created}
 * @param resourceType kind of resource acted on, e.g. {@code api_key}
 * @param resourceId id of that resource
 * @param outcome {@code success} or {@code failure}
 * @param details free-form facts (never secrets)
 * @param occurredAt when it happened
 */
public record AuditRecorded(
        UUID tenantId,
        String actor,
        String action,
        String resourceType,
        String resourceId,
        String outcome,
        Map<String, Object> details,
        Instant occurredAt) {

    /** Message {@code type} field. */
    public static final String TYPE = "AuditRecorded";

    /** Message {@code version} field. */
    public static final int VERSION = 1;

    public AuditRecorded {
        details = details == null ? Map.of() : details;
    }

    /** A successful action that just happened. */
    public static AuditRecorded success(
            UUID tenantId,
            String actor,
            String action,
            String resourceType,
            String resourceId,
            Map<String, Object> details) {
        return new AuditRecorded(tenantId, actor, action, resourceType, resourceId, "success", details, Instant.now());
    }
}
