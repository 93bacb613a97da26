package com.bl1nk.billing.usage;

import java.time.Instant;
import java.util.UUID;

/** One ledger row: a metered model call and its exact cost. */
public record UsageRecordResponse(
        UUID id,
        UUID eventId,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        UUID reservationId,
        String provider,
        String model,
        String kind,
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        String costUsd,
        boolean estimated,
        boolean unpriced,
        String traceId,
        Instant occurredAt,
        Instant recordedAt) {}
