package com.bl1nk.task.llm.routing;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Billing's price of one provider+model, per million tokens in USD, plus what the price book knows about its limits.
 *
 * @param inputPerMTokUsd price of a million prompt tokens
 * @param outputPerMTokUsd price of a million completion tokens
 * @param cachedInputPerMTokUsd price of a million cached prompt tokens ({@code null}: same as input)
 * @param contextWindow context window in tokens, or {@code null}
 * @param supportsTools whether tools are supported, or {@code null}
 */
public record ModelPrice(
        BigDecimal inputPerMTokUsd,
        BigDecimal outputPerMTokUsd,
        BigDecimal cachedInputPerMTokUsd,
        Integer contextWindow,
        Boolean supportsTools) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Cost of a call with these token counts. */
    public BigDecimal cost(long promptTokens, long completionTokens, long cachedTokens) {
        BigDecimal cachedPrice = cachedInputPerMTokUsd == null ? inputPerMTokUsd : cachedInputPerMTokUsd;
        long uncached = Math.max(0, promptTokens - cachedTokens);
        BigDecimal total = inputPerMTokUsd
                .multiply(BigDecimal.valueOf(uncached))
                .add(cachedPrice.multiply(BigDecimal.valueOf(Math.min(cachedTokens, promptTokens))))
                .add(outputPerMTokUsd.multiply(BigDecimal.valueOf(completionTokens)));
        return total.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }

    /** Input plus output price, the number {@code cheapest} sorts by. */
    public BigDecimal blended() {
        return inputPerMTokUsd.add(outputPerMTokUsd);
    }
}
