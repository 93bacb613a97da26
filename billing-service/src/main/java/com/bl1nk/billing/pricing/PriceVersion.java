package com.bl1nk.billing.pricing;

import com.bl1nk.billing.money.Money;
import com.bl1nk.contracts.billing.PriceEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One price version of a provider+model, in USD per million tokens; {@code tenantId} null means the platform default.
 */
public record PriceVersion(
        UUID id,
        UUID tenantId,
        String provider,
        String model,
        BigDecimal inputPerMTok,
        BigDecimal outputPerMTok,
        BigDecimal cachedInputPerMTok,
        Integer contextWindow,
        boolean supportsTools,
        Instant effectiveFrom) {

    /**
     * Exact cost of a call: uncached prompt tokens at the input price, cached prompt tokens at the cached price (input
     * price when none is set), completion tokens at the output price. {@code promptTokens} includes the cached ones.
     */
    public BigDecimal costOf(long promptTokens, long completionTokens, long cachedTokens) {
        if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || cachedTokens > promptTokens) {
            throw new IllegalArgumentException("token counts must be non-negative and cached <= prompt");
        }
        BigDecimal cachedPrice = cachedInputPerMTok != null ? cachedInputPerMTok : inputPerMTok;
        BigDecimal perMillion = BigDecimal.valueOf(promptTokens - cachedTokens)
                .multiply(inputPerMTok)
                .add(BigDecimal.valueOf(cachedTokens).multiply(cachedPrice))
                .add(BigDecimal.valueOf(completionTokens).multiply(outputPerMTok));
        // dividing by 10^6 is a decimal point shift: exact, no rounding
        return perMillion.movePointLeft(6);
    }

    /** This version as callers see it (money formatted by {@link Money}). */
    public PriceEntry toEntry() {
        return new PriceEntry(
                id,
                provider,
                model,
                Money.format(inputPerMTok),
                Money.format(outputPerMTok),
                Money.format(cachedInputPerMTok),
                contextWindow,
                supportsTools,
                Money.USD,
                effectiveFrom,
                tenantId == null ? "default" : "tenant");
    }
}
