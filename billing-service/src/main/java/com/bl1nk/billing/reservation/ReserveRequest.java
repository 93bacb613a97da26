package com.bl1nk.billing.reservation;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Hold {@code maxCostUsd} for one model call (CONTRACTS.md); {@code apiKeyId} defaults to the caller's key.
 * {@code ttlSeconds} and {@code currency} are optional extensions.
 */
public record ReserveRequest(
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        String provider,
        String model,
        BigDecimal maxCostUsd,
        Long ttlSeconds,
        String currency) {}
