package com.bl1nk.gateway.people;

import java.util.UUID;

/**
 * The outcome of accepting an invitation.
 *
 * @param userId the user who now belongs to the tenant
 * @param tenantId the tenant
 * @param role their role there
 * @param newUser whether the user was created by this acceptance
 */
public record AcceptedInvitation(UUID userId, UUID tenantId, String role, boolean newUser) {}
