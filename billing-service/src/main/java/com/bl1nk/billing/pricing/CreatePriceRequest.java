package com.bl1nk.billing.pricing;

import java.math.BigDecimal;

/**
 * A new price version; {@code effectiveFrom} (ISO-8601 instant) defaults to now and may not lie in the past, so no
 * already-priced call can change cost.
 *
 * <p>{@code scope} is {@code tenant} (the default: a price for the caller's tenant only) or {@code platform} (the
 * platform default every tenant pays, {@code platform:admin} only). A tenant prices its own providers only; a provider
 * the platform pays for is priced by {@code platform:admin}, who may also give one tenant its own (negotiated) price
 * of it with {@code tenantId}.
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
        String currency,
        String scope,
        String tenantId) {}
