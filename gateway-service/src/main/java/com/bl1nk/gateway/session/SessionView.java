package com.bl1nk.gateway.session;

import com.bl1nk.gateway.people.MeView;
import com.bl1nk.gateway.people.TenantMembership;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The current signed-in session.
 *
 * @param user who is signed in
 * @param tenantId the tenant requests act in
 * @param role the user's role there
 * @param tenants every tenant the user may switch to
 * @param method how the session was started: password, oidc or invitation
 * @param csrfToken send it as {@code X-CSRF-Token} with every POST, PUT, PATCH and DELETE made with the cookie
 * @param signedInAt when the session started
 * @param expiresAt when it ends at the latest (the absolute timeout)
 * @param idleTimeoutSeconds how long it may go unused
 */
public record SessionView(
        MeView.User user,
        UUID tenantId,
        String role,
        List<TenantMembership> tenants,
        String method,
        String csrfToken,
        Instant signedInAt,
        Instant expiresAt,
        long idleTimeoutSeconds) {}
