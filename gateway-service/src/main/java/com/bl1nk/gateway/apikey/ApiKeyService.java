package com.bl1nk.gateway.apikey;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.web.FieldErrors;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues, lists and revokes API keys with the rules that keep them safe: only owners and admins manage keys, nobody
 * grants more than they hold, another tenant's key is a 404, and the secret leaves the gateway exactly once.
 * Blocking: call it off the event loop.
 */
@Service
public class ApiKeyService {

    /** The roles a key can carry. */
    /** The scopes a key may carry: every permission's name (see Permission), or {@code <resource>:*}. */
    static final Set<String> GRANTABLE_SCOPES = Permission.grantableScopes();

    private static final String GRANTABLE_LIST = String.join(", ", new java.util.TreeSet<>(GRANTABLE_SCOPES));

    private static boolean isResourceWildcard(String scope) {
        if (!scope.endsWith(":*")) {
            return false;
        }
        String resource = scope.substring(0, scope.length() - 1);
        return GRANTABLE_SCOPES.stream().anyMatch(s -> s.startsWith(resource) && !s.startsWith("platform:"));
    }

    public static final Set<String> ROLES = Set.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);

    private static final Pattern SCOPE = Pattern.compile("^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)*$");
    private static final int MAX_SCOPES = 50;
    private static final int MAX_SCOPE_LENGTH = 64;
    private static final int MAX_NAME_LENGTH = 200;

    private final ApiKeyRepository repository;
    private final ApiKeyProperties properties;
    private final TransactionTemplate transactions;
    private final TenantService tenants;
    private final AuditPublisher audit;
    private final Clock clock;

    ApiKeyService(
            ApiKeyRepository repository,
            TenantService tenants,
            AuditPublisher audit,
            ApiKeyProperties properties,
            TransactionTemplate transactions,
            Optional<Clock> clock) {
        this.properties = properties;
        this.transactions = transactions;
        this.repository = repository;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** Creates a key for the caller's tenant (or, for a platform admin, the tenant named in the request). */
    public CreatedApiKey create(Identity caller, CreateApiKeyRequest request) {
        requireKeyManager(caller);
        Validated valid = validate(request);
        boolean platformAdmin = caller.hasScope(TenantService.PLATFORM_ADMIN);
        UUID tenantId = request.tenantId() != null ? request.tenantId() : caller.tenantId();
        if (!tenantId.equals(caller.tenantId()) && !platformAdmin) {
            throw ApiException.notFound("tenant", tenantId);
        }
        if (tenants.find(tenantId).isEmpty()) {
            throw ApiException.notFound("tenant", tenantId);
        }
        if (valid.roles().contains(Identity.OWNER) && !caller.hasRole(Identity.OWNER) && !platformAdmin) {
            throw ApiException.of(
                    GatewayErrorCode.ROLE_NOT_GRANTABLE, "Only an owner can create a key with role owner");
        }
        for (String scope : valid.scopes()) {
            if (scope.startsWith("platform:") && !platformAdmin) {
                throw ApiException.of(
                        GatewayErrorCode.SCOPE_NOT_GRANTABLE, "Only a platform admin can grant scope '" + scope + "'");
            }
        }
        requireWithinCallersScopes(caller, valid.scopes());
        CreatedApiKey created = transactions.execute(status -> {
            repository.lockTenant(tenantId);
            int active = repository.countActive(tenantId);
            if (active >= properties.maxActivePerTenant()) {
                throw ApiException.of(
                                GatewayErrorCode.QUOTA_EXCEEDED,
                                "The tenant already has " + active
                                        + " active API keys, the most it may hold; revoke one" + " first")
                        .withProperty("limit", properties.maxActivePerTenant());
            }
            return issue(tenantId, valid.name(), valid.roles(), valid.scopes(), valid.expiresAt(), caller.principal());
        });
        audit.publish(AuditRecorded.success(
                tenantId,
                caller.principal(),
                "api_key.created",
                "api_key",
                created.id().toString(),
                Map.of(
                        "name", created.name(),
                        "prefix", created.prefix(),
                        "roles", created.roles(),
                        "scopes", created.scopes())));
        return created;
    }

    /**
     * Stores a new key without authorisation checks (bootstrap, tenant onboarding); joins the caller's transaction.
     * Publishes nothing.
     */
    public CreatedApiKey issue(
            UUID tenantId, String name, List<String> roles, List<String> scopes, Instant expiresAt, String createdBy) {
        ApiKeyToken token = ApiKeyToken.generate();
        for (int attempt = 0; attempt < 5 && repository.prefixExists(token.prefix()); attempt++) {
            token = ApiKeyToken.generate();
        }
        ApiKeyView stored =
                repository.insert(UUID.randomUUID(), tenantId, name, token, roles, scopes, expiresAt, createdBy);
        return new CreatedApiKey(
                stored.id(),
                stored.tenantId(),
                stored.name(),
                stored.prefix(),
                token.value(),
                stored.roles(),
                stored.scopes(),
                stored.createdAt(),
                stored.expiresAt());
    }

    /** One page of the caller's tenant's keys, newest first. */
    public Page<ApiKeyView> list(Identity caller, Integer limit, String cursor) {
        requireKeyManager(caller);
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<ApiKeyView> rows = repository.list(
                caller.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, key -> Cursors.encode(key.createdAt(), key.id()));
    }

    /** One key of the caller's tenant; 404 for a missing key or another tenant's key. */
    public ApiKeyView get(Identity caller, UUID id) {
        requireKeyManager(caller);
        return repository.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("api key", id));
    }

    /**
     * Revokes a key of the caller's tenant (again is a no-op); 404 for a missing key or another tenant's key.
     *
     * @return the key's prefix, so the caller can evict it from the lookup cache
     */
    public String revoke(Identity caller, UUID id) {
        requireKeyManager(caller);
        ApiKeyView before =
                repository.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("api key", id));
        if (before.revokedAt() != null) {
            return before.prefix();
        }
        if (before.roles().contains(Identity.OWNER)
                && !caller.hasRole(Identity.OWNER)
                && !caller.hasScope(TenantService.PLATFORM_ADMIN)) {
            // an admin manages keys, but cannot lock the owners out of their own tenant
            throw ApiException.of(GatewayErrorCode.OWNER_KEY, "Only an owner can revoke an owner's key");
        }
        ApiKeyView revoked =
                repository.revoke(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("api key", id));
        audit.publish(AuditRecorded.success(
                caller.tenantId(),
                caller.principal(),
                "api_key.revoked",
                "api_key",
                id.toString(),
                Map.of("name", revoked.name(), "prefix", revoked.prefix())));
        return revoked.prefix();
    }

    /**
     * A key narrowed by scopes can only create keys narrowed at least as much: every scope of the new key must be one
     * the caller holds (itself or as {@code <resource>:*}), and a key without scopes (all its role allows) needs a
     * caller without narrowing scopes. Otherwise a leaked key scoped to {@code keys:admin} could mint a full admin key.
     */
    private static void requireWithinCallersScopes(Identity caller, List<String> requested) {
        List<String> callerScopes = Permission.narrowingScopes(caller.scopes());
        if (callerScopes.isEmpty()) {
            return;
        }
        List<String> narrowing = Permission.narrowingScopes(requested);
        if (narrowing.isEmpty()) {
            throw ApiException.of(
                    GatewayErrorCode.SCOPE_NOT_GRANTABLE,
                    "This key is limited to scopes " + callerScopes + "; the new key must be limited to some of them");
        }
        for (String scope : narrowing) {
            if (!Permission.covers(callerScopes, scope)) {
                throw ApiException.of(
                        GatewayErrorCode.SCOPE_NOT_GRANTABLE,
                        "This key cannot grant scope '" + scope + "', which it does not hold");
            }
        }
    }

    private static void requireKeyManager(Identity caller) {
        Authorization.check(Permission.KEYS_ADMIN, caller);
    }

    private Validated validate(CreateApiKeyRequest request) {
        FieldErrors errors = new FieldErrors();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add("name", "must not be blank");
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        List<String> roles = distinct(request.roles());
        if (roles.isEmpty()) {
            errors.add("roles", "must name at least one of owner, admin, developer, viewer");
        }
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                errors.add("roles", "unknown role '" + role + "'; use owner, admin, developer or viewer");
            }
        }
        List<String> scopes = distinct(request.scopes());
        if (scopes.size() > MAX_SCOPES) {
            errors.add("scopes", "at most " + MAX_SCOPES + " scopes");
        }
        for (String scope : scopes) {
            if (scope.length() > MAX_SCOPE_LENGTH || !SCOPE.matcher(scope).matches()) {
                errors.add("scopes", "invalid scope '" + scope + "'; use lowercase words joined by ':'");
            } else if (!GRANTABLE_SCOPES.contains(scope) && !isResourceWildcard(scope)) {
                errors.add(
                        "scopes",
                        "unknown scope '" + scope + "'; a scope is a permission (" + GRANTABLE_LIST
                                + ") or <resource>:*");
            }
        }
        Instant expiresAt = null;
        if (request.expiresAt() != null) {
            try {
                expiresAt = OffsetDateTime.parse(request.expiresAt().strip()).toInstant();
                if (!expiresAt.isAfter(clock.instant())) {
                    errors.add("expiresAt", "must be in the future");
                }
            } catch (DateTimeParseException e) {
                errors.add("expiresAt", "must be an ISO-8601 date-time with offset, e.g. 2027-01-31T00:00:00Z");
            }
        }
        errors.throwIfAny();
        return new Validated(name, roles, scopes, expiresAt);
    }

    private static List<String> distinct(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String value : values) {
            seen.add(value == null ? "" : value.strip());
        }
        return new ArrayList<>(seen);
    }

    private record Validated(String name, List<String> roles, List<String> scopes, Instant expiresAt) {}
}
