package com.bl1nk.billing.pricing;

import java.math.BigDecimal;

/**
 * A new price version for the caller's tenant; {@code effectiveFrom} (ISO-8601 instant) defaults to now and may not lie
 * in the past, so no already-priced call can change cost.
 */
public record CreatePriceRequest(
        String provider,
        String model,
        BigDecimal inputPerMTokUsd,
        BigDecimal outputPerMTokUsd,
        BigDecimal cachedInputPerMTokUsd,
        Integer contextWindow,
        Boolean supportsTools,
        String effectiveFrom,
        String currency) {}
