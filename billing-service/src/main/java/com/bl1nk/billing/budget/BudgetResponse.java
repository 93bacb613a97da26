package com.bl1nk.billing.budget;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A budget with the state of its current period; money as decimal strings. */
public record BudgetResponse(
        UUID id,
        String scope,
        UUID scopeId,
        String period,
        String limitUsd,
        List<Integer> thresholds,
        String currency,
        CurrentPeriod current,
        Instant createdAt,
        Instant updatedAt) {

    /** Spend and holds of the period containing now; {@code periodEnd} is null for a total budget. */
    public record CurrentPeriod(
            Instant periodStart,
            Instant periodEnd,
            String spentUsd,
            String reservedUsd,
            String remainingUsd,
            String percentUsed) {}
}
