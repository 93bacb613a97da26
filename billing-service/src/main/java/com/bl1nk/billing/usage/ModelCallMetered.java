package com.bl1nk.billing.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * Payload of a {@code ModelCallMetered} v1 event on {@code bl1nk:usage} (CONTRACTS.md): one model call's tokens;
 * {@code costUsd} is the producer's informational figure, billing prices the call itself.
 */
public record ModelCallMetered(
        UUID eventId,
        UUID tenantId,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        UUID reservationId,
        String provider,
        String model,
        Long promptTokens,
        Long completionTokens,
        Long cachedTokens,
        Boolean estimated,
        Long latencyMs,
        String costUsd,
        String kind,
        String traceId,
        Instant occurredAt) {

    /** Event type on the stream. */
    public static final String TYPE = "ModelCallMetered";

    /** Schema version understood here. */
    public static final int VERSION = 1;

    /** Logical stream name. */
    public static final String STREAM = "bl1nk:usage";
}
