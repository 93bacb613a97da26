package com.bl1nk.task.llm.routing;

import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The model catalog with prices and live health, and the routing policies, under {@code /api/v1/models}. Health of
 * shared platform providers carries no call counts, which would tell a tenant how busy the other tenants are.
 */
@RestController
@RequestMapping("/api/v1/models")
class ModelsController {

    private final ModelCatalog catalog;
    private final ProviderHealth health;
    private final RoutingPolicies policies;
    private final IdempotencyService idempotency;

    ModelsController(
            ModelCatalog catalog, ProviderHealth health, RoutingPolicies policies, IdempotencyService idempotency) {
        this.catalog = catalog;
        this.health = health;
        this.policies = policies;
        this.idempotency = idempotency;
    }

    /**
     * One catalog entry.
     *
     * @param source {@code tenant} or {@code platform}
     * @param pricing billing's price, or {@code null} when the price book has none
     */
    record CatalogEntry(
            String id,
            String provider,
            String providerKind,
            String source,
            Integer contextWindow,
            boolean supportsTools,
            Pricing pricing,
            Health health) {}

    /**
     * Live health as a tenant may see it. A platform provider's breaker and averages are shared by every tenant, so
     * its attempt count (how many calls all tenants made) is left out; a tenant's own provider shows it.
     *
     * @param samples attempts this instance saw, only for the tenant's own providers
     */
    record Health(
            Double latencyMsEwma,
            double errorRateEwma,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long samples,
            String circuitState) {

        static Health of(ProviderHealth.Snapshot s, boolean tenantOwned) {
            return new Health(s.latencyMsEwma(), s.errorRateEwma(), tenantOwned ? s.samples() : null, s.circuitState());
        }
    }

    /** Prices per million tokens in USD. */
    record Pricing(BigDecimal inputPerMTokUsd, BigDecimal outputPerMTokUsd, BigDecimal cachedInputPerMTokUsd) {}

    @Requires(Permission.MODELS_READ)
    @GetMapping
    Page<CatalogEntry> catalog(Identity identity) {
        List<CatalogEntry> entries = new ArrayList<>();
        for (ModelTarget t : catalog.targets(identity.tenantId())) {
            entries.add(new CatalogEntry(
                    t.model().id(),
                    t.provider().name(),
                    t.provider().kind().wireName(),
                    t.provider().tenantOwned() ? "tenant" : "platform",
                    t.contextWindow(),
                    t.supportsTools(),
                    t.price() == null
                            ? null
                            : new Pricing(
                                    t.price().inputPerMTokUsd(),
                                    t.price().outputPerMTokUsd(),
                                    t.price().cachedInputPerMTokUsd()),
                    Health.of(health.snapshot(t), t.provider().tenantOwned())));
        }
        return new Page<>(entries, null);
    }

    @Requires(Permission.PROVIDERS_READ)
    @GetMapping("/policies")
    Page<RoutingPolicy> listPolicies(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return policies.list(identity, PageRequests.limit(limit), cursor);
    }

    @Requires(Permission.PROVIDERS_ADMIN)
    @PostMapping("/policies")
    ResponseEntity<?> createPolicy(
            Identity identity,
            @RequestHeader(name = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody RoutingPolicies.PolicyRequest request) {
        return idempotency.execute(identity, "POST /api/v1/models/policies", idempotencyKey, request, () -> {
            RoutingPolicy created = policies.create(identity, request);
            return ResponseEntity.created(URI.create("/api/v1/models/policies/" + created.id()))
                    .body(created);
        });
    }

    @Requires(Permission.PROVIDERS_READ)
    @GetMapping("/policies/{id}")
    RoutingPolicy getPolicy(Identity identity, @PathVariable UUID id) {
        return policies.get(identity, id);
    }

    @Requires(Permission.PROVIDERS_ADMIN)
    @PutMapping("/policies/{id}")
    RoutingPolicy replacePolicy(
            Identity identity, @PathVariable UUID id, @Valid @RequestBody RoutingPolicies.PolicyRequest request) {
        return policies.replace(identity, id, request);
    }

    @Requires(Permission.PROVIDERS_ADMIN)
    @DeleteMapping("/policies/{id}")
    ResponseEntity<Void> deletePolicy(Identity identity, @PathVariable UUID id) {
        policies.delete(identity, id);
        return ResponseEntity.noContent().build();
    }
}
