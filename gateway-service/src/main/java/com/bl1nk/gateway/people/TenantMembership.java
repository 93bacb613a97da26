package com.bl1nk.gateway.people;

import java.time.Instant;
import java.util.UUID;

/**
 * One tenant a user belongs to, for {@code /me} and the tenant switcher.
 *
 * @param tenantId tenant id
 * @param slug tenant slug
 * @param name tenant display name
 * @param role the user's role there
 * @param active whether the tenant is active (a suspended one cannot be signed into)
 * @param joinedAt when the membership was created
 */
public record TenantMembership(
        UUID tenantId, String slug, String name, String role, boolean active, Instant joinedAt) {}
