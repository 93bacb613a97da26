package com.bl1nk.billing.pricing;

import com.bl1nk.billing.money.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * A price book entry as callers see it (CONTRACTS.md shape plus id, currency, effectiveFrom and whether it is the
 * tenant's own or the platform default); money as decimal strings.
 */
public record PriceEntry(
        UUID id,
        String provider,
        String model,
        String inputPerMTokUsd,
        String outputPerMTokUsd,
        String cachedInputPerMTokUsd,
        Integer contextWindow,
        boolean supportsTools,
        String currency,
        Instant effectiveFrom,
        String source) {

    static PriceEntry of(PriceVersion p) {
        return new PriceEntry(
                p.id(),
                p.provider(),
                p.model(),
                Money.format(p.inputPerMTok()),
                Money.format(p.outputPerMTok()),
                Money.format(p.cachedInputPerMTok()),
                p.contextWindow(),
                p.supportsTools(),
                Money.USD,
                p.effectiveFrom(),
                p.tenantId() == null ? "default" : "tenant");
    }
}
