package com.bl1nk.billing.budget;

import com.bl1nk.billing.money.Money;
import com.bl1nk.common.error.ApiException;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** 402 {@code budget_exceeded}: the call would push a budget past its hard limit, so it is refused before it costs. */
public class BudgetExceededException extends ApiException {

    /** Stable problem code (CONTRACTS.md). */
    public static final String CODE = "budget_exceeded";

    private BudgetExceededException(String detail) {
        super(HttpStatus.PAYMENT_REQUIRED, CODE, detail);
    }

    /** The budget that refused, with its limit and what is left of it. */
    public static BudgetExceededException forBudget(
            UUID budgetId, String scope, String period, BigDecimal limit, BigDecimal remaining, BigDecimal requested) {
        BudgetExceededException e = new BudgetExceededException("The " + period + " " + scope.replace('_', ' ')
                + " budget does not have " + Money.format(requested) + " USD left (limit " + Money.format(limit)
                + " USD, remaining " + Money.format(remaining) + " USD)");
        e.withProperty("budgetId", budgetId.toString())
                .withProperty("scope", scope)
                .withProperty("period", period)
                .withProperty("limitUsd", Money.format(limit))
                .withProperty("remainingUsd", Money.format(remaining))
                .withProperty("requestedUsd", Money.format(requested));
        return e;
    }
}
