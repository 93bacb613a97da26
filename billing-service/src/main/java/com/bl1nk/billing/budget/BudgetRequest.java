package com.bl1nk.billing.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Creates a budget ({@code scope}, {@code period}, {@code limitUsd} required) or, on update, changes its limit and
 * thresholds (scope and period are fixed once created).
 */
public record BudgetRequest(
        String scope, UUID scopeId, String period, BigDecimal limitUsd, List<Integer> thresholds, String currency) {}
