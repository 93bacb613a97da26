package com.bl1nk.task.llm.routing;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A named way to pick a provider+model, used by putting its name in a request's {@code model} (or on an agent).
 *
 * @param models the models it chooses among (for {@code fallback}: in order; for {@code pinned}: exactly one); empty
 *     for {@code cheapest}/{@code fastest} means every model in the catalog
 * @param requiredCapabilities capabilities every chosen model must have ({@code tools})
 */
record RoutingPolicy(
        UUID id,
        UUID tenantId,
        String name,
        Strategy strategy,
        List<ModelRef> models,
        List<String> requiredCapabilities,
        Instant createdAt,
        Instant updatedAt) {

    public RoutingPolicy {
        models = models == null ? List.of() : List.copyOf(models);
        requiredCapabilities = requiredCapabilities == null ? List.of() : List.copyOf(requiredCapabilities);
    }

    /** How candidates are ordered. */
    public enum Strategy {
        /** Lowest price (input + output per million tokens) first, among models meeting the capabilities. */
        CHEAPEST,
        /** Lowest live latency first. */
        FASTEST,
        /** The listed order. */
        FALLBACK,
        /** One model (on every provider that serves it). */
        PINNED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a wire name; {@code null} when unknown. */
        public static Strategy fromWire(String s) {
            for (Strategy v : values()) {
                if (v.wireName().equals(s)) {
                    return v;
                }
            }
            return null;
        }
    }

    /**
     * A model a policy refers to.
     *
     * @param provider provider name, or {@code null} for any provider serving the model
     * @param model model id
     */
    public record ModelRef(String provider, String model) {}
}
