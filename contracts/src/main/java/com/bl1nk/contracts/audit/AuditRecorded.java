package com.bl1nk.contracts.audit;

import com.bl1nk.contracts.StreamContract;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audited action on {@code bl1nk:audit}, as every service publishes it and the gateway's audit writer stores it
 * (once per envelope event id).
 *
 * @param tenantId tenant the action belongs to
 * @param actor principal that acted ({@code key:<id>}, {@code service:<name>}, {@code system:bootstrap}); the
 *     writer stores {@code unknown} when absent
 * @param action what happened, e.g. {@code api_key.created}
 * @param resourceType kind of resource acted on, e.g. {@code api_key}
 * @param resourceId id of that resource
 * @param outcome {@code success}, {@code failure} or another outcome word; the writer stores {@code success} when absent
 * @param details free-form facts (never secrets)
 * @param occurredAt when it happened
 */
@StreamContract(stream = AuditRecorded.STREAM, type = "AuditRecorded", version = 1)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditRecorded(
        @JsonProperty(required = true) UUID tenantId,
        String actor,
        @JsonProperty(required = true) String action,
        String resourceType,
        String resourceId,
        String outcome,
        Map<String, Object> details,
        @JsonProperty(required = true) Instant occurredAt) {

    /** Logical stream name every service publishes to. */
    public static final String STREAM = "bl1nk:audit";

    /** {@code outcome} of an action that succeeded. */
    public static final String SUCCESS = "success";

    /** {@code outcome} of an action that failed. */
    public static final String FAILURE = "failure";

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
        return new AuditRecorded(tenantId, actor, action, resourceType, resourceId, SUCCESS, details, Instant.now());
    }
}
