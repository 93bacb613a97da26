package com.bl1nk.task.llm.routing;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.task.error.TaskErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Manages tenants' routing policies and finds the one a request names, with a short cache on the hot path. */
@Service
class RoutingPolicies {

    /** Capabilities a policy may require. */
    static final Set<String> CAPABILITIES = Set.of("tools");

    private static final long CACHE_NANOS = 5_000_000_000L;

    private final RoutingPolicyRepository repository;
    private final Clock clock;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    private final TransactionTemplate tx;
    private final AuditOutbox audit;

    RoutingPolicies(RoutingPolicyRepository repository, Clock clock, TransactionTemplate tx, AuditOutbox audit) {
        this.tx = tx;
        this.audit = audit;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Creates or changes a policy.
     *
     * @param name the alias requests put in {@code model}
     * @param strategy cheapest, fastest, fallback or pinned
     * @param models models to choose among
     * @param requiredCapabilities e.g. {@code tools}
     */
    public record PolicyRequest(
            @NotBlank @Pattern(
                    regexp = "^[a-z0-9][a-z0-9._/-]{0,62}$",
                    message = "must be lower case letters, digits, '.', '_', '/' or '-'")
            String name,

            @NotBlank String strategy,
            @Size(max = 50) List<@Valid @NotNull ModelRefInput> models,
            @Size(max = 10) List<@NotBlank String> requiredCapabilities) {}

    /**
     * A model reference in a policy.
     *
     * @param provider provider name, or null for any provider serving the model
     * @param model model id
     */
    public record ModelRefInput(
            @Size(max = 63) String provider,
            @NotBlank @Size(max = 200) String model) {}

    /** The policy named {@code name} for the tenant, if any. */
    public Optional<RoutingPolicy> byName(UUID tenantId, String name) {
        long now = System.nanoTime();
        Cached cached = cache.get(tenantId);
        if (cached == null || cached.expiresAtNanos - now <= 0) {
            List<RoutingPolicy> all = repository.all(tenantId);
            cached = new Cached(all, now + CACHE_NANOS);
            cache.put(tenantId, cached);
        }
        for (RoutingPolicy p : cached.policies) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public RoutingPolicy create(Identity identity, PolicyRequest request) {
        Authorization.check(Permission.PROVIDERS_ADMIN, identity);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RoutingPolicy policy = validated(
                new RoutingPolicy(UUID.randomUUID(), identity.tenantId(), request.name(), null, null, null, now, now),
                request);
        try {
            tx.executeWithoutResult(status -> {
                repository.insert(policy);
                record(identity, "routing_policy.created", policy);
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.of(
                    TaskErrorCode.POLICY_NAME_TAKEN, "A routing policy named '" + request.name() + "' exists");
        }
        cache.remove(identity.tenantId());
        return policy;
    }

    public RoutingPolicy replace(Identity identity, UUID id, PolicyRequest request) {
        Authorization.check(Permission.PROVIDERS_ADMIN, identity);
        RoutingPolicy current = get(identity, id);
        if (!current.name().equals(request.name())) {
            throw ApiException.invalidField("name", "cannot be changed; create a new policy instead");
        }
        RoutingPolicy updated = validated(current, request);
        updated = new RoutingPolicy(
                updated.id(),
                updated.tenantId(),
                updated.name(),
                updated.strategy(),
                updated.models(),
                updated.requiredCapabilities(),
                current.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        RoutingPolicy replaced = updated;
        tx.executeWithoutResult(status -> {
            if (!repository.update(replaced)) {
                throw ApiException.notFound("routing policy", id);
            }
            record(identity, "routing_policy.updated", replaced);
        });
        cache.remove(identity.tenantId());
        return updated;
    }

    public void delete(Identity identity, UUID id) {
        Authorization.check(Permission.PROVIDERS_ADMIN, identity);
        tx.executeWithoutResult(status -> {
            RoutingPolicy current = get(identity, id);
            if (!repository.delete(identity.tenantId(), id)) {
                throw ApiException.notFound("routing policy", id);
            }
            record(identity, "routing_policy.deleted", current);
        });
        cache.remove(identity.tenantId());
    }

    /** Audits a change of {@code policy} in the caller's transaction. */
    private void record(Identity identity, String action, RoutingPolicy policy) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", policy.name());
        details.put("strategy", String.valueOf(policy.strategy()).toLowerCase(Locale.ROOT));
        details.put(
                "models",
                policy.models() == null
                        ? List.of()
                        : policy.models().stream()
                                .map(m -> m.provider() == null ? m.model() : m.provider() + "/" + m.model())
                                .toList());
        audit.record(AuditRecorded.success(
                identity.tenantId(),
                identity.principal(),
                action,
                "routing_policy",
                policy.id().toString(),
                details));
    }

    public RoutingPolicy get(Identity identity, UUID id) {
        return repository.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("routing policy", id));
    }

    public Page<RoutingPolicy> list(Identity identity, int limit, String cursor) {
        Cursors.Cursor after = Cursors.decode(cursor);
        List<RoutingPolicy> rows = repository.page(
                identity.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                limit + 1);
        return Page.of(rows, limit, p -> Cursors.encode(p.createdAt(), p.id()));
    }

    private static RoutingPolicy validated(RoutingPolicy base, PolicyRequest request) {
        RoutingPolicy.Strategy strategy = RoutingPolicy.Strategy.fromWire(request.strategy());
        if (strategy == null) {
            throw ApiException.invalidField("strategy", "must be cheapest, fastest, fallback or pinned");
        }
        List<RoutingPolicy.ModelRef> refs = new ArrayList<>();
        if (request.models() != null) {
            for (ModelRefInput m : request.models()) {
                String provider = m.provider() == null || m.provider().isBlank()
                        ? null
                        : m.provider().strip();
                refs.add(new RoutingPolicy.ModelRef(provider, m.model().strip()));
            }
        }
        if (strategy == RoutingPolicy.Strategy.PINNED && refs.size() != 1) {
            throw ApiException.invalidField("models", "a pinned policy names exactly one model");
        }
        if (strategy == RoutingPolicy.Strategy.FALLBACK && refs.isEmpty()) {
            throw ApiException.invalidField("models", "a fallback policy needs at least one model");
        }
        List<String> caps = request.requiredCapabilities() == null ? List.of() : request.requiredCapabilities();
        for (String c : caps) {
            if (!CAPABILITIES.contains(c)) {
                throw ApiException.invalidField("requiredCapabilities", "unknown capability '" + c + "'");
            }
        }
        return new RoutingPolicy(
                base.id(), base.tenantId(), request.name(), strategy, refs, caps, base.createdAt(), base.updatedAt());
    }

    private record Cached(List<RoutingPolicy> policies, long expiresAtNanos) {}
}
