package com.bl1nk.task.llm.routing;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.task.error.TaskErrorCode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a request's {@code model} (a model id, {@code provider/model}, a routing policy name, or a built-in alias)
 * into an ordered list of provider+model candidates the call engine tries in turn.
 *
 * <p>Precedence for a model id: the tenant's own providers that declare it come first (the tenant's explicit choice),
 * then the platform's. In mock mode the platform's only provider is mock-llm, which answers every model, so it always
 * follows the tenant's candidates. A tenant candidate billing will not price does not shadow a priced platform one:
 * the call engine reserves for the first priced candidate and skips the unpriced ones.
 */
@Component
public class Router {

    /** Built-in alias: the cheapest model that fits. */
    public static final String CHEAPEST = "bl1nk/cheapest";

    /** Built-in alias: the model with the lowest live latency. */
    public static final String FASTEST = "bl1nk/fastest";

    private final ModelCatalog catalog;
    private final RoutingPolicies policies;
    private final ProviderHealth health;

    Router(ModelCatalog catalog, RoutingPolicies policies, ProviderHealth health) {
        this.catalog = catalog;
        this.policies = policies;
        this.health = health;
    }

    /**
     * Candidates for a call in the order to try them.
     *
     * @throws ApiException 404 {@code model_not_found} when nothing serves the requested model
     */
    public List<ModelTarget> route(UUID tenantId, String requested, JsonNode request) {
        boolean needsTools =
                request.path("tools").isArray() && !request.path("tools").isEmpty();
        if (catalog.mockMode()) {
            return mockModeRoute(tenantId, requested, needsTools);
        }
        List<ModelTarget> all = catalog.targets(tenantId);
        Optional<RoutingPolicy> policy = policies.byName(tenantId, requested);
        List<ModelTarget> ordered;
        if (policy.isPresent()) {
            ordered = apply(policy.get(), all, needsTools);
        } else if (CHEAPEST.equals(requested)) {
            ordered = cheapest(capable(all, needsTools));
        } else if (FASTEST.equals(requested)) {
            ordered = fastest(capable(all, needsTools));
        } else {
            ordered = byModel(all, null, requested);
            int slash = requested.indexOf('/');
            if (ordered.isEmpty() && slash > 0) {
                ordered = byModel(all, requested.substring(0, slash), requested.substring(slash + 1));
            }
            if (needsTools) {
                List<ModelTarget> withTools = capable(ordered, true);
                ordered = withTools.isEmpty() ? ordered : withTools;
            }
        }
        if (ordered.isEmpty()) {
            throw ApiException.of(
                    TaskErrorCode.MODEL_NOT_FOUND,
                    "The model '" + requested + "' does not exist or you do not have access to it; GET /v1/models"
                            + " lists the models and routing policies you can use");
        }
        return healthyFirst(catalog.repriced(ordered));
    }

    /** Mock mode: the tenant's own providers for the model (if any), then mock-llm, which answers every model. */
    private List<ModelTarget> mockModeRoute(UUID tenantId, String requested, boolean needsTools) {
        List<ModelTarget> tenant = catalog.tenantTargets(tenantId);
        List<ModelTarget> own = byModel(tenant, null, requested);
        int slash = requested.indexOf('/');
        if (own.isEmpty() && slash > 0) {
            own = byModel(tenant, requested.substring(0, slash), requested.substring(slash + 1));
        }
        List<ModelTarget> ordered = new ArrayList<>(capable(own, needsTools));
        ordered = new ArrayList<>(healthyFirst(ordered));
        ordered.add(catalog.mockTarget(requested));
        return catalog.repriced(ordered);
    }

    private List<ModelTarget> apply(RoutingPolicy policy, List<ModelTarget> all, boolean needsTools) {
        boolean tools = needsTools || policy.requiredCapabilities().contains("tools");
        List<ModelTarget> pool = new ArrayList<>();
        if (policy.models().isEmpty()) {
            pool.addAll(all);
        } else {
            for (RoutingPolicy.ModelRef ref : policy.models()) {
                for (ModelTarget t : byModel(all, ref.provider(), ref.model())) {
                    if (!pool.contains(t)) {
                        pool.add(t);
                    }
                }
            }
        }
        List<ModelTarget> fit = capable(pool, tools);
        return switch (policy.strategy()) {
            case CHEAPEST -> cheapest(fit);
            case FASTEST -> fastest(fit);
            case FALLBACK, PINNED -> fit;
        };
    }

    private static List<ModelTarget> byModel(List<ModelTarget> all, String provider, String model) {
        List<ModelTarget> matches = new ArrayList<>();
        for (ModelTarget t : all) {
            if (t.model().id().equals(model)
                    && (provider == null || t.provider().name().equals(provider))) {
                matches.add(t);
            }
        }
        return matches;
    }

    private static List<ModelTarget> capable(List<ModelTarget> targets, boolean tools) {
        if (!tools) {
            return targets;
        }
        return targets.stream().filter(ModelTarget::supportsTools).toList();
    }

    private static List<ModelTarget> cheapest(List<ModelTarget> targets) {
        Comparator<ModelTarget> byPrice = Comparator.comparing(
                t -> t.price() == null ? null : t.price().blended(), Comparator.nullsLast(BigDecimal::compareTo));
        return targets.stream().sorted(byPrice).toList();
    }

    private List<ModelTarget> fastest(List<ModelTarget> targets) {
        Comparator<ModelTarget> byLatency =
                Comparator.comparing(t -> health.snapshot(t).latencyMsEwma(), Comparator.nullsLast(Double::compareTo));
        return targets.stream().sorted(byLatency).toList();
    }

    /** Candidates whose breaker is open go last: they are tried only if everything else fails. */
    private List<ModelTarget> healthyFirst(List<ModelTarget> ordered) {
        List<ModelTarget> healthy = new ArrayList<>();
        List<ModelTarget> open = new ArrayList<>();
        for (ModelTarget t : ordered) {
            if (health.state(t) == CircuitBreaker.State.OPEN) {
                open.add(t);
            } else {
                healthy.add(t);
            }
        }
        healthy.addAll(open);
        return healthy;
    }
}
