package com.bl1nk.contracts.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A reservation and what it cost: {@code actualCostUsd} as reported by settle, {@code ledgerCostUsd} as priced from
 * usage events, {@code chargedUsd} what its budgets count (the ledger cost once known).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReservationResponse(
        UUID id,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        String provider,
        String model,
        String status,
        String maxCostUsd,
        String actualCostUsd,
        String ledgerCostUsd,
        String chargedUsd,
        boolean overrun,
        boolean unpriced,
        Instant createdAt,
        Instant expiresAt,
        Instant closedAt) {}
