package com.bl1nk.task.llm.routing;

import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.billing.PriceEntry;
import com.bl1nk.task.client.billing.BillingClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Billing's prices per provider, cached for a short time so routing and reservations do not ask billing on every call;
 * when billing cannot answer, prices are unknown (calls still go ahead, usage events carry no cost) and it is asked
 * again soon. A model missing from a cached book is asked for again after a short while, so a price just added is
 * used (and the cost header shown) without waiting for the whole book to expire.
 */
class PriceBook {

    private static final Logger log = LoggerFactory.getLogger(PriceBook.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    /** How long a model missing from a cached book stays missing: a price just added shows within this, not the TTL. */
    static final Duration RETRY_AFTER_MISS = Duration.ofSeconds(2);

    private final BillingClient billing;
    private final Duration ttl;
    private final boolean enabled;
    /** Keyed by tenant and provider: billing answers with the calling tenant's own (possibly negotiated) prices. */
    private final Map<String, Cached> byTenantAndProvider = new ConcurrentHashMap<>();

    private final Duration retryAfterMiss;

    PriceBook(BillingClient billing, Duration ttl, boolean enabled) {
        this(billing, ttl, enabled, RETRY_AFTER_MISS);
    }

    PriceBook(BillingClient billing, Duration ttl, boolean enabled, Duration retryAfterMiss) {
        this.billing = billing;
        this.ttl = ttl;
        this.enabled = enabled;
        this.retryAfterMiss = retryAfterMiss;
    }

    /** The price of a provider's model, or {@code null} when billing has none (a miss is re-asked after a while). */
    public ModelPrice price(String provider, String model) {
        return lookup(provider, model, retryAfterMiss);
    }

    /**
     * The price of a model about to be called: a miss is asked for again at once, so a price added a moment ago is
     * used (and its cost header shown) by the very next call. Only the candidates of one call come here, which is at
     * most one extra price request next to the reservation billing gets anyway for an unpriced model.
     */
    public ModelPrice priceForCall(String provider, String model) {
        return lookup(provider, model, Duration.ZERO);
    }

    private ModelPrice lookup(String provider, String model, Duration missRetry) {
        if (!enabled) {
            return null;
        }
        long now = System.nanoTime();
        String key = IdentityHolder.find().map(i -> i.tenantId().toString()).orElse("-") + "|" + provider;
        Cached cached = byTenantAndProvider.get(key);
        if (cached == null
                || cached.expiresAtNanos - now <= 0
                || (!cached.prices.containsKey(model) && now - cached.loadedAtNanos >= missRetry.toNanos())) {
            cached = load(provider, now);
            byTenantAndProvider.put(key, cached);
        }
        return cached.prices.get(model);
    }

    private Cached load(String provider, long now) {
        try {
            List<PriceEntry> entries = billing.prices(provider, null);
            Map<String, ModelPrice> prices = new HashMap<>();
            for (PriceEntry e : entries) {
                BigDecimal input = decimal(e.inputPerMTokUsd());
                BigDecimal output = decimal(e.outputPerMTokUsd());
                if (e.model() == null || input == null || output == null) {
                    continue;
                }
                if (e.provider() != null && !e.provider().equals(provider)) {
                    continue;
                }
                prices.put(
                        e.model(),
                        new ModelPrice(
                                input,
                                output,
                                decimal(e.cachedInputPerMTokUsd()),
                                e.contextWindow(),
                                e.supportsTools()));
            }
            return new Cached(Map.copyOf(prices), now, now + ttl.toNanos());
        } catch (RuntimeException e) {
            log.warn("price book for provider {} unavailable: {}", provider, e.getMessage());
            return new Cached(Map.of(), now, now + RETRY_AFTER_FAILURE.toNanos());
        }
    }

    /** Billing's decimal string as a number; {@code null} when absent or not a number. */
    private static BigDecimal decimal(String value) {
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private record Cached(Map<String, ModelPrice> prices, long loadedAtNanos, long expiresAtNanos) {}
}
