package com.bl1nk.task.llm.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * One metered model call, published once to {@code bl1nk:usage} (type {@code ModelCallMetered}, version 1) and
 * priced by billing from its own price book; {@code eventId} makes redelivery harmless.
 *
 * @param costUsd informational cost as a decimal string, or {@code null} when the price is unknown
 * @param estimated whether the token counts are estimates (the provider reported none)
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
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        boolean estimated,
        long latencyMs,
        String costUsd,
        String kind,
        String traceId,
        Instant occurredAt) {

    /** Stream message {@code type}. */
    public static final String TYPE = "ModelCallMetered";

    /** Stream message {@code version}. */
    public static final int VERSION = 1;
}
