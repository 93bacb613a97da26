package com.bl1nk.billing.alert;

import java.time.Instant;
import java.util.UUID;

/** One threshold crossing of one budget in one period, and how its delivery went. */
public record AlertResponse(
        UUID id,
        UUID budgetId,
        Instant periodStart,
        int thresholdPercent,
        String spentUsd,
        String limitUsd,
        boolean auditPublished,
        String webhookState,
        int webhookAttempts,
        Integer webhookLastStatus,
        Instant createdAt) {}
