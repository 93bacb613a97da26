package com.bl1nk.billing.usage;

import java.util.List;
import java.util.UUID;

/** What one task cost in total, and per model. */
public record TaskCost(
        UUID taskId, String costUsd, String currency, UsageReport.Row totals, List<UsageReport.Row> byModel) {}
