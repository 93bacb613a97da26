package com.bl1nk.billing.money;

import com.bl1nk.billing.error.BillingErrorCode;
import com.bl1nk.common.error.ApiException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Exact USD amounts: one place that parses, checks and prints money so no float ever touches a cost. */
public final class Money {

    /** The only currency billing supports today. */
    public static final String USD = "USD";

    /** One million, the unit prices are quoted per. */
    public static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000L);

    /** Largest amount accepted in a request (a sanity bound, not a business rule). */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    /** Most decimal places accepted for an amount in a request (the columns hold 8). */
    public static final int MAX_REQUEST_SCALE = 8;

    private Money() {}

    /** Prints an amount as a plain decimal string without trailing zeros ({@code "0.0015"}, {@code "12"}). */
    public static String format(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        if (amount.signum() == 0) {
            return "0";
        }
        return amount.stripTrailingZeros().toPlainString();
    }

    /** 400 {@code unsupported_currency} unless the currency is absent or USD. */
    public static void requireSupportedCurrency(String currency) {
        if (currency != null && !USD.equals(currency)) {
            throw ApiException.of(
                            BillingErrorCode.UNSUPPORTED_CURRENCY,
                            "Currency " + currency + " is not supported: only USD is supported for now")
                    .withProperty("supportedCurrencies", java.util.List.of(USD));
        }
    }

    /**
     * Checks a request amount: present, not negative, at most {@value #MAX_REQUEST_SCALE} decimals, below
     * {@link #MAX_AMOUNT}; else 400 {@code validation_failed} naming the field.
     */
    public static BigDecimal requireAmount(String field, BigDecimal amount) {
        if (amount == null) {
            throw ApiException.invalidField(field, "must be given as a decimal USD amount");
        }
        if (amount.signum() < 0) {
            throw ApiException.invalidField(field, "must not be negative");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw ApiException.invalidField(field, "must be at most " + MAX_AMOUNT.toPlainString());
        }
        BigDecimal stripped = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
        if (stripped.scale() > MAX_REQUEST_SCALE) {
            throw ApiException.invalidField(field, "must have at most " + MAX_REQUEST_SCALE + " decimal places");
        }
        return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
    }

    /** {@code part / whole} as a percentage with two decimals, for display only. */
    public static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) {
            return part.signum() == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(100);
        }
        return part.multiply(BigDecimal.valueOf(100))
                .divide(whole, MathContext.DECIMAL64)
                .setScale(2, RoundingMode.HALF_UP);
    }
}
