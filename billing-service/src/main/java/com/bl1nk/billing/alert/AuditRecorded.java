package com.bl1nk.billing.alert;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Payload of an {@code AuditRecorded} v1 event on {@code bl1nk:audit} (CONTRACTS.md). */
record AuditRecorded(
        UUID tenantId,
        String actor,
        String action,
        String resourceType,
        String resourceId,
        String outcome,
        Map<String, Object> details,
        Instant occurredAt) {

    static final String STREAM = "bl1nk:audit";
    static final String TYPE = "AuditRecorded";
    static final int VERSION = 1;
}
