package com.bl1nk.common.identity;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Every permission an endpoint can require, and which roles hold it: the one authorization model of bl1nk. The name of
 * a permission is also the API-key scope that grants it: a key with scopes is limited to those permissions (plus
 * {@code <resource>:*}) on top of its role, so a key with only {@code tasks:read} cannot create a task. Scopes under
 * {@code platform:} never narrow a key.
 */
public enum Permission {
    AGENTS_READ("agents:read", Kind.ROLE, Roles.ANY),
    AGENTS_WRITE("agents:write", Kind.ROLE, Roles.BUILDERS),
    TASKS_READ("tasks:read", Kind.ROLE, Roles.ANY),
    TASKS_WRITE("tasks:write", Kind.ROLE, Roles.BUILDERS),
    KNOWLEDGE_READ("knowledge:read", Kind.ROLE, Roles.ANY),
    KNOWLEDGE_WRITE("knowledge:write", Kind.ROLE, Roles.BUILDERS),
    MODELS_READ("models:read", Kind.ROLE, Roles.ANY),
    /** Spending money on a model: chat completions and embeddings. */
    MODELS_CALL("models:call", Kind.ROLE, Roles.BUILDERS),
    PROVIDERS_READ("providers:read", Kind.ROLE, Roles.ANY),
    /** Model providers, their keys, and routing policies. */
    PROVIDERS_ADMIN("providers:admin", Kind.ROLE, Roles.MANAGERS),
    TOOLS_READ("tools:read", Kind.ROLE, Roles.ANY),
    /** Calling an approved tool, and refreshing a server's tool list. */
    TOOLS_USE("tools:use", Kind.ROLE, Roles.BUILDERS),
    /** Registering, changing and removing MCP servers; approving tools and who may call them. */
    TOOLS_ADMIN("tools:admin", Kind.ROLE, Roles.MANAGERS),
    GITHUB_READ("github:read", Kind.ROLE, Roles.ANY),
    GITHUB_ADMIN("github:admin", Kind.ROLE, Roles.MANAGERS),
    BILLING_READ("billing:read", Kind.ROLE, Roles.ANY),
    BILLING_ADMIN("billing:admin", Kind.ROLE, Roles.MANAGERS),
    KEYS_ADMIN("keys:admin", Kind.ROLE, Roles.MANAGERS),
    AUDIT_READ("audit:read", Kind.ROLE, Roles.MANAGERS),
    /** The tenant's single sign-on: its OpenID Connect provider, the group-to-role mapping, "SSO only". */
    SSO_ADMIN("sso:admin", Kind.ROLE, Roles.MANAGERS),
    TENANT_READ("tenant:read", Kind.ROLE, Roles.ANY),
    /** Seeing who belongs to the tenant and with which role. */
    MEMBERS_READ("members:read", Kind.ROLE, Roles.ANY),
    /** Inviting people, changing their role, removing them (owners only by another owner). */
    MEMBERS_ADMIN("members:admin", Kind.ROLE, Roles.MANAGERS),
    /** The caller's own account: profile, sign-in sessions, signing out, switching tenant. */
    ACCOUNT("account", Kind.ROLE, Roles.ANY),
    /** The operator of the platform: creating tenants, platform prices, the GitHub App. Held by scope only. */
    PLATFORM_ADMIN("platform:admin", Kind.PLATFORM, Set.of()),
    /** Called by another bl1nk service only (its own token, admitted by {@link CallerPolicy}), never by a caller. */
    INTERNAL("internal", Kind.INTERNAL, Set.of()),
    /** No caller identity: the request authenticates itself (a signed GitHub webhook). */
    SIGNED_REQUEST("signed-request", Kind.OPEN, Set.of()),
    /** No caller identity yet: the request carries its own credential (a password, a single-use link token). */
    CREDENTIALS("credentials", Kind.OPEN, Set.of()),
    /**
     * No caller identity yet: a step of signing in (starting an SSO login, the provider's callback), which proves
     * itself by its own state and is rate limited per client IP.
     */
    SIGN_IN("sign-in", Kind.OPEN, Set.of());

    /** How a permission is held. */
    public enum Kind {
        /** By one of its roles, narrowed by the key's scopes. */
        ROLE,
        /** By the {@code platform:admin} scope. */
        PLATFORM,
        /** By a service token. */
        INTERNAL,
        /** By nobody in particular: the request carries its own proof. */
        OPEN
    }

    private final String scope;
    private final Kind kind;
    private final Set<String> roles;

    Permission(String scope, Kind kind, Set<String> roles) {
        this.scope = scope;
        this.kind = kind;
        this.roles = roles;
    }

    /** The permission's name, which is also the API-key scope granting it. */
    public String scope() {
        return scope;
    }

    public Kind kind() {
        return kind;
    }

    /** The roles that hold it (for {@link Kind#ROLE}). */
    public Set<String> roles() {
        return roles;
    }

    /** Whether {@code identity}, arriving with a token from {@code issuer}, holds this permission. */
    public boolean heldBy(Identity identity, String issuer) {
        return switch (kind) {
            case OPEN -> true;
            case INTERNAL -> issuer != null && !IdentityTokenCodec.GATEWAY.equals(issuer);
            case PLATFORM -> identity != null && identity.hasScope(PLATFORM_ADMIN.scope);
            case ROLE -> identity != null && hasRole(identity) && scopesAllow(identity);
        };
    }

    /** Whether {@code identity} has a role that holds this permission (its scopes aside). */
    public boolean hasRole(Identity identity) {
        return roles.stream().anyMatch(identity::hasRole);
    }

    /** Whether the key's scopes, if it has any that narrow, include this permission. */
    public boolean scopesAllow(Identity identity) {
        List<String> narrowing = narrowingScopes(identity.scopes());
        return narrowing.isEmpty() || covers(narrowing, scope);
    }

    /** The scopes that narrow a key: all but {@code platform:*}. */
    public static List<String> narrowingScopes(Collection<String> scopes) {
        return scopes.stream().filter(s -> !s.startsWith("platform:")).toList();
    }

    /** Whether {@code held} grants {@code scope}, itself or as {@code <resource>:*}. */
    public static boolean covers(Collection<String> held, String scope) {
        return held.contains(scope) || held.contains(scope.substring(0, scope.indexOf(':') + 1) + "*");
    }

    /** Every scope a key may be given. */
    public static Set<String> grantableScopes() {
        return Set.copyOf(Arrays.stream(values())
                .filter(p -> p.kind == Kind.ROLE || p.kind == Kind.PLATFORM)
                .map(Permission::scope)
                .toList());
    }

    private static final class Roles {
        static final Set<String> ANY = Set.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);
        static final Set<String> BUILDERS = Set.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER);
        static final Set<String> MANAGERS = Set.of(Identity.OWNER, Identity.ADMIN);
    }
}
