package com.bl1nk.gateway.apikey;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.ModelAllowlist;
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
import java.util.LinkedHashMap;
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
 * Issues, lists, rotates and revokes API keys with the rules that keep them safe: only owners and admins manage keys,
 * nobody grants more than they hold (nor more than a key's owning user holds), another tenant's key is a 404, and the
 * secret leaves the gateway exactly once.
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
    private static final String USER_PRINCIPAL = "user:";

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
        return create(caller, request, null);
    }

    /**
     * Creates a key for the caller's tenant (or, for a platform admin, the tenant named in the request).
     *
     * @param clientIp the caller's address, for the audit event
     */
    public CreatedApiKey create(Identity caller, CreateApiKeyRequest request, String clientIp) {
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
        requireGrantable(caller, valid.roles(), valid.scopes(), "create a key with role owner");
        requireWithinCallersModels(caller, valid.allowedModels());
        Owner owner = owner(caller, tenantId, request.ownerUserId(), request.serviceAccountId());
        requireOwnerCanHold(tenantId, owner, valid.roles());
        ApiKeyRepository.NewKey key = new ApiKeyRepository.NewKey(
                valid.name(),
                valid.roles(),
                valid.scopes(),
                valid.expiresAt(),
                owner.userId(),
                owner.serviceAccountId(),
                valid.allowedModels());
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
            return issue(tenantId, key, caller.principal());
        });
        Map<String, Object> details = keyDetails(created, clientIp);
        audit.publish(AuditRecorded.success(
                tenantId,
                caller.principal(),
                "api_key.created",
                "api_key",
                created.id().toString(),
                details));
        return created;
    }

    /**
     * Stores a new key without authorisation checks (bootstrap, tenant onboarding); joins the caller's transaction.
     * Publishes nothing. The key belongs to the installation (no owner) and may call every model.
     */
    public CreatedApiKey issue(
            UUID tenantId, String name, List<String> roles, List<String> scopes, Instant expiresAt, String createdBy) {
        return issue(
                tenantId, new ApiKeyRepository.NewKey(name, roles, scopes, expiresAt, null, null, null), createdBy);
    }

    private CreatedApiKey issue(UUID tenantId, ApiKeyRepository.NewKey key, String createdBy) {
        ApiKeyToken token = ApiKeyToken.generate();
        for (int attempt = 0; attempt < 5 && repository.prefixExists(token.prefix()); attempt++) {
            token = ApiKeyToken.generate();
        }
        ApiKeyView stored = repository.insert(UUID.randomUUID(), tenantId, key, token, createdBy);
        return new CreatedApiKey(
                stored.id(),
                stored.tenantId(),
                stored.name(),
                stored.prefix(),
                token.value(),
                stored.roles(),
                stored.scopes(),
                stored.createdAt(),
                stored.expiresAt(),
                stored.ownerUserId(),
                stored.serviceAccountId(),
                stored.allowedModels());
    }

    /**
     * Rotates a key of the caller's tenant: a new key with the same name, owner, roles, scopes, allowlist and expiry,
     * while the old one keeps working until the deadline (or its own expiry, if sooner) and not after. 409 for a
     * revoked, expired or already rotated key; the caller must be allowed to create the key it rotates, since it
     * receives the new secret.
     *
     * @param clientIp the caller's address, for the audit event
     * @return the new key and the old key's end; the caller evicts the old key's cached copy
     */
    public Rotation rotate(Identity caller, UUID id, RotateApiKeyRequest request, String clientIp) {
        requireKeyManager(caller);
        Instant now = clock.instant();
        Instant deadline = deadline(request == null ? null : request.deadline(), now);
        ApiKeyView before =
                repository.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("api key", id));
        requireRotatable(before, now);
        if (before.roles().contains(Identity.OWNER)
                && !caller.hasRole(Identity.OWNER)
                && !caller.hasScope(TenantService.PLATFORM_ADMIN)) {
            throw ApiException.of(GatewayErrorCode.OWNER_KEY, "Only an owner can rotate an owner's key");
        }
        requireGrantable(caller, before.roles(), before.scopes(), "rotate a key with role owner");
        requireWithinCallersModels(caller, before.allowedModels());
        if (before.serviceAccountId() != null
                && !repository
                        .serviceAccountEnabled(caller.tenantId(), before.serviceAccountId())
                        .orElse(false)) {
            throw ApiException.of(
                    GatewayErrorCode.SERVICE_ACCOUNT_DISABLED,
                    "The service account " + before.serviceAccountId() + " that owns this key is disabled or deleted");
        }
        Rotation rotation = transactions.execute(status -> {
            ApiKeyView locked = repository
                    .findForUpdate(caller.tenantId(), id)
                    .orElseThrow(() -> ApiException.notFound("api key", id));
            requireRotatable(locked, now);
            CreatedApiKey replacement = issue(
                    caller.tenantId(),
                    new ApiKeyRepository.NewKey(
                            locked.name(),
                            locked.roles(),
                            locked.scopes(),
                            locked.expiresAt(),
                            locked.ownerUserId(),
                            locked.serviceAccountId(),
                            locked.allowedModels()),
                    caller.principal());
            ApiKeyView old = repository
                    .markRotated(caller.tenantId(), id, replacement.id(), deadline)
                    .orElseThrow(() -> notRotatable(locked));
            return new Rotation(new RotatedApiKey(replacement, old.id(), old.expiresAt()), old.prefix());
        });
        Map<String, Object> details = keyDetails(rotation.answer().newKey(), clientIp);
        details.put("previousKeyId", id.toString());
        details.put("previousPrefix", rotation.previousPrefix());
        details.put(
                "previousKeyValidUntil",
                rotation.answer().previousKeyValidUntil().toString());
        audit.publish(AuditRecorded.success(
                caller.tenantId(), caller.principal(), "api_key.rotated", "api_key", id.toString(), details));
        return rotation;
    }

    /**
     * A rotation's outcome.
     *
     * @param answer what the caller gets
     * @param previousPrefix the old key's prefix, to evict its cached copy (which then expires at the deadline)
     */
    public record Rotation(RotatedApiKey answer, String previousPrefix) {}

    /**
     * Revokes every key of a service account (it is being deleted), in the caller's transaction; returns their
     * prefixes for eviction. Publishes one {@code api_key.revoked} per key.
     */
    /**
     * Only an owner (or the platform admin) may stop a service account that holds an owner's key, by disabling or
     * deleting it: an admin cannot revoke an owner's key directly, so not this way either.
     */
    public void requireMayStopKeysOf(Identity caller, UUID serviceAccountId) {
        if (!caller.hasRole(Identity.OWNER)
                && !caller.hasScope(TenantService.PLATFORM_ADMIN)
                && repository.serviceAccountHoldsOwnerKey(caller.tenantId(), serviceAccountId)) {
            throw ApiException.of(
                    GatewayErrorCode.OWNER_KEY,
                    "This service account holds a key with role owner; only an owner can disable or delete it");
        }
    }

    public List<String> revokeServiceAccountKeys(Identity caller, UUID serviceAccountId, String clientIp) {
        List<ApiKeyView> revoked = repository.revokeAllOfServiceAccount(caller.tenantId(), serviceAccountId);
        for (ApiKeyView key : revoked) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", key.name());
            details.put("prefix", key.prefix());
            details.put("serviceAccountId", serviceAccountId.toString());
            details.put("reason", "service account deleted");
            putIp(details, clientIp);
            audit.publish(AuditRecorded.success(
                    caller.tenantId(),
                    caller.principal(),
                    "api_key.revoked",
                    "api_key",
                    key.id().toString(),
                    details));
        }
        return revoked.stream().map(ApiKeyView::prefix).toList();
    }

    private static void requireRotatable(ApiKeyView key, Instant now) {
        if (key.revokedAt() != null
                || key.rotatedAt() != null
                || (key.expiresAt() != null && !now.isBefore(key.expiresAt()))) {
            throw notRotatable(key);
        }
    }

    private static ApiException notRotatable(ApiKeyView key) {
        String why = key.revokedAt() != null
                ? "it was revoked at " + key.revokedAt()
                : key.rotatedAt() != null
                        ? "it was already rotated at " + key.rotatedAt() + " (replaced by " + key.replacedBy() + ")"
                        : "it expired at " + key.expiresAt();
        return ApiException.of(
                GatewayErrorCode.KEY_NOT_ROTATABLE, "The API key " + key.id() + " cannot be rotated: " + why);
    }

    /** The old key's deadline: {@code now}, an instant from now to the maximum, or the default when absent. */
    private Instant deadline(String requested, Instant now) {
        if (requested == null || requested.isBlank()) {
            return now.plus(properties.rotationDefaultDeadline());
        }
        String value = requested.strip();
        if (value.equalsIgnoreCase("now")) {
            return now;
        }
        FieldErrors errors = new FieldErrors();
        Instant deadline = null;
        try {
            deadline = OffsetDateTime.parse(value).toInstant();
            if (deadline.isBefore(now)) {
                errors.add("deadline", "must be 'now' or a time in the future (it is " + deadline + ")");
            } else if (deadline.isAfter(now.plus(properties.rotationMaxDeadline()))) {
                errors.add(
                        "deadline",
                        "must be at most " + properties.rotationMaxDeadline().toDays()
                                + " days from now (bl1nk.gateway.api-keys.rotation-max-deadline)");
            }
        } catch (DateTimeParseException e) {
            errors.add("deadline", "must be 'now' or an ISO-8601 date-time with offset, e.g. 2027-01-31T00:00:00Z");
        }
        errors.throwIfAny();
        return deadline;
    }

    /** The roles and scopes of a key the caller creates or rotates (and so receives the secret of). */
    private static void requireGrantable(Identity caller, List<String> roles, List<String> scopes, String what) {
        boolean platformAdmin = caller.hasScope(TenantService.PLATFORM_ADMIN);
        if (roles.contains(Identity.OWNER) && !caller.hasRole(Identity.OWNER) && !platformAdmin) {
            throw ApiException.of(GatewayErrorCode.ROLE_NOT_GRANTABLE, "Only an owner can " + what);
        }
        for (String scope : scopes) {
            if (scope.startsWith("platform:") && !platformAdmin) {
                throw ApiException.of(
                        GatewayErrorCode.SCOPE_NOT_GRANTABLE, "Only a platform admin can grant scope '" + scope + "'");
            }
        }
        requireWithinCallersScopes(caller, scopes);
    }

    /**
     * Who owns a new key: the one the request names, else the user calling, else the owner of the calling key (a key
     * cannot mint keys that outlive its owner's membership), else nobody (an installation key, as before owners).
     */
    private Owner owner(Identity caller, UUID tenantId, UUID ownerUserId, UUID serviceAccountId) {
        if (ownerUserId != null && serviceAccountId != null) {
            new FieldErrors()
                    .add("serviceAccountId", "a key has one owner: give ownerUserId or serviceAccountId, not both")
                    .throwIfAny();
        }
        if (serviceAccountId != null) {
            boolean enabled = repository
                    .serviceAccountEnabled(tenantId, serviceAccountId)
                    .orElseThrow(() -> ApiException.notFound("service account", serviceAccountId));
            if (!enabled) {
                throw ApiException.of(
                        GatewayErrorCode.SERVICE_ACCOUNT_DISABLED,
                        "The service account " + serviceAccountId + " is disabled; enable it before giving it keys");
            }
            return new Owner(null, serviceAccountId);
        }
        if (ownerUserId != null) {
            return new Owner(ownerUserId, null);
        }
        if (!tenantId.equals(caller.tenantId())) {
            return new Owner(null, null);
        }
        if (caller.principal().startsWith(USER_PRINCIPAL)) {
            try {
                return new Owner(UUID.fromString(caller.principal().substring(USER_PRINCIPAL.length())), null);
            } catch (IllegalArgumentException e) {
                return new Owner(null, null);
            }
        }
        if (caller.apiKeyId() != null) {
            return repository
                    .find(tenantId, caller.apiKeyId())
                    .map(k -> new Owner(k.ownerUserId(), k.serviceAccountId()))
                    .orElse(new Owner(null, null));
        }
        return new Owner(null, null);
    }

    /** A user-owned key never carries a role above its owner's role in the tenant. */
    private void requireOwnerCanHold(UUID tenantId, Owner owner, List<String> roles) {
        if (owner.userId() == null) {
            return;
        }
        String memberRole = repository
                .activeMemberRole(tenantId, owner.userId())
                .orElseThrow(() -> ApiException.notFound("member", owner.userId()));
        for (String role : roles) {
            if (KeyRoles.rank(role) > KeyRoles.rank(memberRole)) {
                throw ApiException.of(
                        GatewayErrorCode.ROLE_NOT_GRANTABLE,
                        "The key's role '" + role + "' is above its owner's role '" + memberRole + "' in the tenant");
            }
        }
    }

    private static Map<String, Object> keyDetails(CreatedApiKey key, String clientIp) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", key.name());
        details.put("prefix", key.prefix());
        details.put("roles", key.roles());
        details.put("scopes", key.scopes());
        if (key.ownerUserId() != null) {
            details.put("ownerUserId", key.ownerUserId().toString());
        }
        if (key.serviceAccountId() != null) {
            details.put("serviceAccountId", key.serviceAccountId().toString());
        }
        if (key.allowedModels() != null) {
            details.put("allowedModels", key.allowedModels());
        }
        putIp(details, clientIp);
        return details;
    }

    private static void putIp(Map<String, Object> details, String clientIp) {
        if (clientIp != null) {
            details.put("ip", clientIp);
        }
    }

    private record Owner(UUID userId, UUID serviceAccountId) {}

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
        return revoke(caller, id, null);
    }

    /**
     * Revokes a key of the caller's tenant (again is a no-op); 404 for a missing key or another tenant's key.
     *
     * @param clientIp the caller's address, for the audit event
     * @return the key's prefix, so the caller can evict it from the lookup cache
     */
    public String revoke(Identity caller, UUID id, String clientIp) {
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
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", revoked.name());
        details.put("prefix", revoked.prefix());
        putIp(details, clientIp);
        audit.publish(AuditRecorded.success(
                caller.tenantId(), caller.principal(), "api_key.revoked", "api_key", id.toString(), details));
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

    /**
     * A key limited to some models can only create (or rotate into a new secret) keys limited at least as much;
     * otherwise a leaked key limited to a cheap model could mint one for every model.
     */
    private static void requireWithinCallersModels(Identity caller, List<String> requested) {
        if (!ModelAllowlist.covers(caller.allowedModels(), requested)) {
            throw ApiException.of(
                    GatewayErrorCode.SCOPE_NOT_GRANTABLE,
                    "This key may call only " + caller.allowedModels() + "; allowedModels of the key must stay within"
                            + " that list");
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
        List<String> allowedModels = null;
        if (request.allowedModels() != null) {
            allowedModels = distinct(request.allowedModels());
            if (allowedModels.isEmpty()) {
                errors.add("allowedModels", "must list at least one model pattern; leave it out to allow every model");
            } else if (allowedModels.size() > ModelAllowlist.MAX_ENTRIES) {
                errors.add("allowedModels", "at most " + ModelAllowlist.MAX_ENTRIES + " model patterns");
            }
            for (String pattern : allowedModels) {
                ModelAllowlist.problem(pattern).ifPresent(problem -> errors.add("allowedModels", problem));
            }
        }
        errors.throwIfAny();
        return new Validated(name, roles, scopes, expiresAt, allowedModels);
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

    private record Validated(
            String name, List<String> roles, List<String> scopes, Instant expiresAt, List<String> allowedModels) {}
}
