package com.bl1nk.gateway.audit;

import com.bl1nk.common.json.CanonicalJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event as its chain link hashes it: every stored fact of the row but the hashes themselves, in one canonical JSON
 * form (keys sorted, times as ISO-8601 with the database's microsecond precision). Anyone can recompute a link from an
 * export: {@code hash = sha256_hex(prevHash + "\n" + canonical JSON of these fields)}.
 */
record ChainLink(
        long seq,
        String eventId,
        String tenantId,
        String actor,
        String action,
        String resourceType,
        String resourceId,
        String outcome,
        Map<String, Object> details,
        String traceId,
        String occurredAt,
        String recordedAt) {

    /** The {@code prevHash} of a chain's first event. */
    static final String GENESIS = "0".repeat(64);

    static ChainLink of(
            long seq,
            UUID eventId,
            UUID tenantId,
            String actor,
            String action,
            String resourceType,
            String resourceId,
            String outcome,
            Map<String, Object> details,
            String traceId,
            Instant occurredAt,
            Instant recordedAt) {
        return new ChainLink(
                seq,
                eventId.toString(),
                tenantId.toString(),
                actor,
                action,
                resourceType,
                resourceId,
                outcome,
                details,
                traceId,
                micros(occurredAt).toString(),
                micros(recordedAt).toString());
    }

    /** The hash of this link after {@code prevHash}. */
    String hash(JsonMapper json, String prevHash) {
        return CanonicalJson.sha256Hex(prevHash + "\n" + CanonicalJson.of(json, this));
    }

    /** {@code instant} as Postgres stores a {@code timestamptz}. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
