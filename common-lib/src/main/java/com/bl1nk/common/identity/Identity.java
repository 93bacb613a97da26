package com.bl1nk.common.identity;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as verified by the gateway: the tenant every query must be scoped to, the principal for audit, and the
 * roles and scopes for authorisation.
 *
 * @param tenantId tenant the request acts for
 * @param principal {@code key:<apiKeyId>}, {@code user:<id>} or {@code service:<name>}
 * @param roles owner, admin, developer, viewer
 * @param scopes API key scopes
 * @param apiKeyId the API key used, or {@code null}
 * @param allowedModels the models the caller's key may call ({@link ModelAllowlist} patterns), or {@code null} for
 *     every model
 */
public record Identity(
        UUID tenantId,
        String principal,
        Set<String> roles,
        Set<String> scopes,
        UUID apiKeyId,
        List<String> allowedModels) {

    /** Role: everything in the tenant, including billing and deleting it. */
    public static final String OWNER = "owner";

    /** Role: manages users, keys and configuration. */
    public static final String ADMIN = "admin";

    /** Role: builds and runs agents, knowledge bases and tools. */
    public static final String DEVELOPER = "developer";

    /** Role: reads only. */
    public static final String VIEWER = "viewer";

    public Identity {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(principal, "principal");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        allowedModels = allowedModels == null ? null : List.copyOf(allowedModels);
    }

    /** An identity without a model allowlist (every model allowed). */
    public Identity(UUID tenantId, String principal, Set<String> roles, Set<String> scopes, UUID apiKeyId) {
        this(tenantId, principal, roles, scopes, apiKeyId, null);
    }

    /** Whether the caller may call {@code model} (always, without an allowlist). */
    public boolean allowsModel(String model) {
        return ModelAllowlist.allows(allowedModels, model);
    }

    /** An identity for a background worker of service {@code name} acting for {@code tenantId}. */
    public static Identity service(String name, UUID tenantId, Set<String> roles, Set<String> scopes) {
        return new Identity(tenantId, "service:" + name, roles, scopes, null);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether any of the given roles is held. */
    public boolean hasAnyRole(String... anyOf) {
        for (String role : anyOf) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
