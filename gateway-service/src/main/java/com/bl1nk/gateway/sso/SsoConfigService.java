package com.bl1nk.gateway.sso;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.tenant.TenantView;
import com.bl1nk.gateway.web.FieldErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The tenant's OIDC provider: validated (issuer through the SSRF guard, https unless the operator allowlisted the
 * host), stored with its client secret encrypted under {@code BL1NK_MASTER_KEY}, audited, never shown with the secret;
 * and the provider a login of a tenant uses (its own, else the platform's). Blocking: call it off the event loop.
 */
@Service
class SsoConfigService {

    private static final Logger log = LoggerFactory.getLogger(SsoConfigService.class);

    static final Set<String> AUTH_METHODS = Set.of(SsoProvider.BASIC, SsoProvider.POST, SsoProvider.NONE);
    private static final Set<String> ROLES = Set.copyOf(SsoProvider.ROLES_BY_STRENGTH);
    private static final String ROLE_LIST = "owner, admin, developer or viewer";
    private static final Pattern SCOPE = Pattern.compile("^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}$");
    private static final Pattern CLAIM = Pattern.compile("^[A-Za-z0-9_:/-]{1,100}(\\.[A-Za-z0-9_:/-]{1,100}){0,4}$");
    private static final int MAX_MAPPINGS = 200;
    private static final int MAX_GROUP_LENGTH = 256;
    private static final int MAX_SCOPES = 20;

    private final SsoConfigRepository repository;
    private final TenantService tenants;
    private final AuditPublisher audit;
    private final UrlGuard guard;
    private final ObjectProvider<SecretBox> secrets;
    private final SsoProperties properties;
    private final SsoProvider platform;

    SsoConfigService(
            SsoConfigRepository repository,
            TenantService tenants,
            AuditPublisher audit,
            UrlGuard guard,
            ObjectProvider<SecretBox> secrets,
            SsoProperties properties) {
        this.repository = repository;
        this.tenants = tenants;
        this.audit = audit;
        this.guard = guard;
        this.secrets = secrets;
        this.properties = properties;
        this.platform = platformProvider(properties.platform());
    }

    /** The caller's tenant's configuration; 404 when it has none. */
    SsoConfigView get(Identity caller) {
        Authorization.check(Permission.SSO_ADMIN, caller);
        SsoConfigRepository.Row row = repository
                .find(caller.tenantId())
                .orElseThrow(() -> ApiException.notFound("sso configuration", caller.tenantId()));
        return view(row);
    }

    /** Creates or replaces the caller's tenant's configuration (one transaction: one row). */
    SsoConfigView put(Identity caller, SsoConfigRequest request) {
        Authorization.check(Permission.SSO_ADMIN, caller);
        UUID tenantId = caller.tenantId();
        Optional<SsoConfigRepository.Row> before = repository.find(tenantId);
        SsoConfigRepository.Row row = validate(caller, tenantId, request, before.orElse(null));
        SsoConfigRepository.Row stored = repository.upsert(row);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", stored.issuer());
        details.put("clientId", stored.clientId());
        details.put("tokenAuthMethod", stored.tokenAuthMethod());
        details.put("roleMapping", stored.roleMapping());
        details.put("defaultRole", String.valueOf(stored.defaultRole()));
        details.put("jitUsers", stored.jitUsers());
        details.put("ssoOnly", stored.ssoOnly());
        details.put("enabled", stored.enabled());
        details.put("clientSecretChanged", request.clientSecret() != null);
        details.put("created", before.isEmpty());
        audit.publish(AuditRecorded.success(
                tenantId, caller.principal(), "sso.config_updated", "sso_provider", tenantId.toString(), details));
        return view(stored);
    }

    /** Removes the caller's tenant's configuration; 404 when there is none. */
    void delete(Identity caller) {
        Authorization.check(Permission.SSO_ADMIN, caller);
        UUID tenantId = caller.tenantId();
        SsoConfigRepository.Row before =
                repository.find(tenantId).orElseThrow(() -> ApiException.notFound("sso configuration", tenantId));
        repository.delete(tenantId);
        audit.publish(AuditRecorded.success(
                tenantId,
                caller.principal(),
                "sso.config_deleted",
                "sso_provider",
                tenantId.toString(),
                Map.of("issuer", before.issuer(), "clientId", before.clientId())));
    }

    /**
     * The provider that signs people in to {@code tenant}: its own when it has one (empty when that one is disabled),
     * else the platform's when that serves the tenant.
     */
    Optional<SsoProvider> providerFor(TenantView tenant) {
        Optional<SsoConfigRepository.Row> own = repository.find(tenant.id());
        if (own.isPresent()) {
            SsoConfigRepository.Row row = own.get();
            if (!row.enabled()) {
                return Optional.empty();
            }
            String secret = row.secretEncrypted() == null ? null : box().decrypt(row.secretEncrypted(), tenant.id());
            return Optional.of(new SsoProvider(
                    "tenant",
                    row.issuer(),
                    row.clientId(),
                    secret,
                    row.tokenAuthMethod(),
                    row.scopes(),
                    row.groupsClaim(),
                    row.roleMapping(),
                    row.defaultRole(),
                    row.jitUsers(),
                    row.ssoOnly()));
        }
        if (platform != null && properties.platform().serves(tenant.slug())) {
            return Optional.of(platform);
        }
        return Optional.empty();
    }

    private SecretBox box() {
        SecretBox box = secrets.getIfAvailable();
        if (box == null) {
            throw new IllegalStateException("An SSO client secret is stored but BL1NK_MASTER_KEY is not set");
        }
        return box;
    }

    private SsoConfigRepository.Row validate(
            Identity caller, UUID tenantId, SsoConfigRequest request, SsoConfigRepository.Row before) {
        FieldErrors errors = new FieldErrors();
        String issuer = request.issuer() == null ? null : request.issuer().strip();
        checkIssuer(issuer, errors);
        String clientId = request.clientId() == null ? null : request.clientId().strip();
        if (clientId == null || clientId.isEmpty()) {
            errors.add("clientId", "must not be blank");
        } else if (clientId.length() > 500 || clientId.chars().anyMatch(Character::isISOControl)) {
            errors.add("clientId", "must be at most 500 printable characters");
        }
        String method = request.tokenAuthMethod() == null
                ? SsoProvider.BASIC
                : request.tokenAuthMethod().strip().toLowerCase(Locale.ROOT);
        if (!AUTH_METHODS.contains(method)) {
            errors.add("tokenAuthMethod", "must be client_secret_basic, client_secret_post or none");
        }
        String secretEncrypted = null;
        if (SsoProvider.NONE.equals(method)) {
            if (request.clientSecret() != null && !request.clientSecret().isEmpty()) {
                errors.add("clientSecret", "must be absent for tokenAuthMethod none (a public client)");
            }
        } else if (AUTH_METHODS.contains(method)) {
            boolean sameClient = before != null
                    && before.secretEncrypted() != null
                    && Objects.equals(before.issuer(), issuer)
                    && Objects.equals(before.clientId(), clientId);
            if (request.clientSecret() == null || request.clientSecret().isEmpty()) {
                if (sameClient) {
                    secretEncrypted = before.secretEncrypted();
                } else {
                    errors.add(
                            "clientSecret",
                            "is required for tokenAuthMethod " + method
                                    + (before == null ? "" : " when the issuer or client id changes"));
                }
            } else if (request.clientSecret().length() > 1000) {
                errors.add("clientSecret", "must be at most 1000 characters");
            } else if (secrets.getIfAvailable() == null) {
                errors.add(
                        "clientSecret",
                        "cannot be stored: the gateway has no encryption key (the operator sets BL1NK_MASTER_KEY);"
                                + " use tokenAuthMethod none for a public client");
            } else {
                secretEncrypted = box().encrypt(request.clientSecret(), tenantId);
            }
        }
        List<String> scopes =
                request.scopes() == null ? List.of("openid", "email", "profile") : scopes(request.scopes(), errors);
        String groupsClaim =
                request.groupsClaim() == null ? "groups" : request.groupsClaim().strip();
        if (!CLAIM.matcher(groupsClaim).matches()) {
            errors.add("groupsClaim", "must be a claim name (letters, digits, _ : / -), or a dotted path of up to 5");
        }
        Map<String, String> mapping = mapping(request.roleMapping(), errors);
        String defaultRole =
                request.defaultRole() == null || request.defaultRole().isBlank()
                        ? null
                        : request.defaultRole().strip().toLowerCase(Locale.ROOT);
        if (defaultRole != null && !ROLES.contains(defaultRole)) {
            errors.add("defaultRole", "unknown role '" + request.defaultRole() + "'; use " + ROLE_LIST + ", or null");
        }
        errors.throwIfAny();
        boolean grantsOwner = Identity.OWNER.equals(defaultRole) || mapping.containsValue(Identity.OWNER);
        if (grantsOwner && !caller.hasRole(Identity.OWNER) && !caller.hasScope(TenantService.PLATFORM_ADMIN)) {
            throw ApiException.of(
                    GatewayErrorCode.ROLE_NOT_GRANTABLE,
                    "Only an owner can let SSO logins become owners (roleMapping," + " defaultRole)");
        }
        return new SsoConfigRepository.Row(
                tenantId,
                issuer,
                clientId,
                secretEncrypted,
                method,
                scopes,
                groupsClaim,
                mapping,
                defaultRole,
                request.jitUsers() == null || request.jitUsers(),
                Boolean.TRUE.equals(request.ssoOnly()),
                request.enabled() == null || request.enabled(),
                null,
                caller.principal());
    }

    private void checkIssuer(String issuer, FieldErrors errors) {
        String problem = IssuerRules.problem(guard, issuer);
        if (problem != null) {
            errors.add("issuer", problem);
        }
    }

    private static List<String> scopes(List<String> requested, FieldErrors errors) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : requested) {
            String s = scope == null ? "" : scope.strip();
            if (!SCOPE.matcher(s).matches()) {
                errors.add("scopes", "'" + s + "' is not a valid scope");
            } else {
                scopes.add(s);
            }
        }
        if (!scopes.contains("openid")) {
            errors.add("scopes", "must include openid");
        }
        if (scopes.size() > MAX_SCOPES) {
            errors.add("scopes", "at most " + MAX_SCOPES + " scopes");
        }
        return new ArrayList<>(scopes);
    }

    private static Map<String, String> mapping(Map<String, String> requested, FieldErrors errors) {
        Map<String, String> mapping = new TreeMap<>();
        if (requested == null) {
            return mapping;
        }
        if (requested.size() > MAX_MAPPINGS) {
            errors.add("roleMapping", "at most " + MAX_MAPPINGS + " groups");
            return mapping;
        }
        requested.forEach((group, role) -> {
            if (group == null || group.isBlank() || group.length() > MAX_GROUP_LENGTH) {
                errors.add("roleMapping", "group names must be 1 to " + MAX_GROUP_LENGTH + " characters");
                return;
            }
            String r = role == null ? "" : role.strip().toLowerCase(Locale.ROOT);
            if (!ROLES.contains(r)) {
                errors.add(
                        "roleMapping." + group,
                        "unknown role '" + role + "' for group '" + group + "'; use " + ROLE_LIST);
                return;
            }
            mapping.put(group, r);
        });
        return mapping;
    }

    private SsoConfigView view(SsoConfigRepository.Row row) {
        String slug = tenants.find(row.tenantId()).map(TenantView::slug).orElse("{tenantSlug}");
        return new SsoConfigView(
                row.tenantId(),
                row.issuer(),
                row.clientId(),
                row.secretEncrypted() != null,
                row.tokenAuthMethod(),
                row.scopes(),
                row.groupsClaim(),
                row.roleMapping(),
                row.defaultRole(),
                row.jitUsers(),
                row.ssoOnly(),
                row.enabled(),
                SsoPaths.start(slug),
                SsoPaths.callback(slug),
                row.updatedAt(),
                row.updatedBy());
    }

    /** The platform provider from properties, checked at start so a typo fails loudly, not at the first login. */
    private SsoProvider platformProvider(SsoProperties.Platform p) {
        if (!p.configured()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        String method = p.tokenAuthMethod() == null ? SsoProvider.BASIC : p.tokenAuthMethod();
        if (!AUTH_METHODS.contains(method)) {
            problems.add("token-auth-method must be client_secret_basic, client_secret_post or none");
        }
        if (p.clientId() == null || p.clientId().isBlank()) {
            problems.add("client-id (BL1NK_SSO_CLIENT_ID) is required");
        }
        boolean hasSecret = p.clientSecret() != null && !p.clientSecret().isBlank();
        if (!SsoProvider.NONE.equals(method) && !hasSecret) {
            problems.add("client-secret (BL1NK_SSO_CLIENT_SECRET) is required unless token-auth-method is none");
        }
        if (!p.scopes().contains("openid")) {
            problems.add("scopes must include openid");
        }
        Map<String, String> mapping = new TreeMap<>();
        for (String entry : p.roleMapping()) {
            int eq = entry.lastIndexOf('=');
            String role = eq < 0 ? "" : entry.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (eq <= 0 || !ROLES.contains(role)) {
                problems.add("role-mapping entry '" + entry + "' must be group=role with role " + ROLE_LIST);
            } else {
                mapping.put(entry.substring(0, eq).strip(), role);
            }
        }
        String defaultRole = p.defaultRole() == null || p.defaultRole().isBlank()
                ? null
                : p.defaultRole().strip().toLowerCase(Locale.ROOT);
        if (defaultRole != null && !ROLES.contains(defaultRole)) {
            problems.add("default-role must be " + ROLE_LIST);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bl1nk.gateway.sso.platform is invalid: " + String.join("; ", problems));
        }
        if (p.tenants().isEmpty()) {
            log.warn("bl1nk.gateway.sso.platform.issuer is set but bl1nk.gateway.sso.platform.tenants names no"
                    + " tenant; the platform provider signs in to none (use * for every tenant without its own)");
        }
        return new SsoProvider(
                "platform",
                p.issuer().strip(),
                p.clientId().strip(),
                hasSecret ? p.clientSecret() : null,
                method,
                p.scopes(),
                p.groupsClaim(),
                Map.copyOf(mapping),
                defaultRole,
                p.jitUsers(),
                false);
    }
}
