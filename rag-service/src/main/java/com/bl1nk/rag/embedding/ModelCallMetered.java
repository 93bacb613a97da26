package com.bl1nk.rag.embedding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A metered provider embedding call, published to {@code bl1nk:usage} (type {@code ModelCallMetered}, version 1)
 * so billing prices it like a chat call; shape per CONTRACTS.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCallMetered(
        UUID eventId,
        UUID tenantId,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        UUID reservationId,
        String provider,
        String model,
        int promptTokens,
        int completionTokens,
        int cachedTokens,
        boolean estimated,
        long latencyMs,
        String costUsd,
        String kind,
        String traceId,
        Instant occurredAt) {

    /** Stream message type. */
    public static final String TYPE = "ModelCallMetered";
    /** Stream message version. */
    public static final int VERSION = 1;

    /** An embedding call of {@code promptTokens} tokens. */
    public static ModelCallMetered embedding(
            MeteringContext ctx,
            String provider,
            String model,
            int promptTokens,
            boolean estimated,
            long latencyMs,
            String traceId) {
        return new ModelCallMetered(
                UUID.randomUUID(),
                ctx.tenantId(),
                ctx.apiKeyId(),
                null,
                null,
                null,
                provider,
                model,
                promptTokens,
                0,
                0,
                estimated,
                latencyMs,
                null,
                "embedding",
                traceId,
                Instant.now());
    }
}
