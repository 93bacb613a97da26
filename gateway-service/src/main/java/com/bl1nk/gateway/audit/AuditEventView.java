package com.bl1nk.gateway.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One stored audit event as the API lists it.
 *
 * @param id row id
 * @param eventId id of the stream message it came from
 * @param tenantId tenant it belongs to
 * @param actor principal that acted
 * @param action what happened
 * @param resourceType kind of resource
 * @param resourceId id of the resource
 * @param outcome {@code success} or {@code failure}
 * @param details free-form facts
 * @param traceId trace of the request that caused it, when known
 * @param occurredAt when it happened
 */
public record AuditEventView(
        UUID id,
        UUID eventId,
        UUID tenantId,
        String actor,
        String action,
        String resourceType,
        String resourceId,
        String outcome,
        Map<String, Object> details,
        String traceId,
        Instant occurredAt) {}
