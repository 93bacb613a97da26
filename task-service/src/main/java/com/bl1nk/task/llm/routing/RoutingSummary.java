package com.bl1nk.task.llm.routing;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.task.llm.provider.ModelDefinition;
import com.bl1nk.task.llm.provider.ProviderConfig;
import com.bl1nk.task.llm.provider.ProviderDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Logs, once at start outside mock mode, which model goes to which platform provider at what price, one line each
 * with the marker {@value #MARKER}; {@code ./bl1nk up} prints these lines, so leaving mock mode says where calls go
 * and a model without a price is named before its first call gets a 422.
 */
final class RoutingSummary implements ApplicationRunner {

    /** The marker {@code ./bl1nk up} looks for in task-service's log. */
    static final String MARKER = "LLM route:";

    /** The platform's prices are asked for as no tenant in particular (billing answers with the default book). */
    private static final UUID NO_TENANT = new UUID(0, 0);

    private static final Logger log = LoggerFactory.getLogger(RoutingSummary.class);

    private final ProviderDirectory directory;
    private final PriceBook prices;

    RoutingSummary(ProviderDirectory directory, PriceBook prices) {
        this.directory = directory;
        this.prices = prices;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (directory.mockMode()) {
            return;
        }
        Identity platform = Identity.service("task-service", NO_TENANT, Set.of(Identity.DEVELOPER), Set.of());
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(platform)) {
            for (String line : lines(directory.platform(), prices::price)) {
                log.info("{} {}", MARKER, line);
            }
        } catch (RuntimeException e) {
            log.warn("{} the routing summary could not be made: {}", MARKER, e.getMessage());
        }
    }

    /** One line per platform provider+model: the model, where it goes, and its price or how to add one. */
    static List<String> lines(List<ProviderConfig> platform, BiFunction<String, String, ModelPrice> priceOf) {
        List<String> lines = new ArrayList<>();
        if (platform.isEmpty()) {
            lines.add("no platform provider is configured; only tenant providers serve calls");
            return lines;
        }
        for (ProviderConfig provider : platform) {
            for (ModelDefinition model : provider.models()) {
                ModelPrice price = priceOf.apply(provider.name(), model.id());
                String where = provider.name() + " (" + provider.kind().name().toLowerCase() + ")";
                String cost = price == null
                        ? "NO PRICE: calls are refused with 422 model_not_priced until one is added (POST"
                                + " /api/v1/prices {\"scope\":\"platform\",\"provider\":\"" + provider.name()
                                + "\",\"model\":\"" + model.id() + "\",...})"
                        : "$" + price.inputPerMTokUsd().stripTrailingZeros().toPlainString() + " in / $"
                                + price.outputPerMTokUsd().stripTrailingZeros().toPlainString()
                                + " out per million tokens";
                lines.add(model.id() + " -> " + where + ", " + cost);
            }
        }
        return lines;
    }
}
