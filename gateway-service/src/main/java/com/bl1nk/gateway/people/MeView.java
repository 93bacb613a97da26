package com.bl1nk.gateway.people;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The caller: for a signed-in person, who they are and their tenants; for an API key, only the principal.
 *
 * @param principal {@code user:<id>} or {@code key:<id>}
 * @param tenantId the tenant the request acts in
 * @param roles the roles held there
 * @param user the signed-in user, {@code null} for an API key
 * @param tenants the user's tenants (empty for an API key)
 */
public record MeView(String principal, UUID tenantId, Set<String> roles, User user, List<TenantMembership> tenants) {

    /**
     * The signed-in user.
     *
     * @param id user id
     * @param email e-mail
     * @param displayName display name
     * @param platformAdmin whether the user operates the platform
     */
    public record User(UUID id, String email, String displayName, boolean platformAdmin) {}
}
