package com.bl1nk.gateway.people;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation as the API shows it (never its token).
 *
 * @param id invitation id
 * @param tenantId the tenant invited into
 * @param email who is invited
 * @param role the role they get
 * @param status {@code pending}, {@code accepted}, {@code revoked} or {@code expired}
 * @param createdBy who invited (principal)
 * @param createdAt when
 * @param expiresAt until when the link works
 * @param acceptedAt when it was accepted, or {@code null}
 */
public record InvitationView(
        UUID id,
        UUID tenantId,
        String email,
        String role,
        String status,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant acceptedAt) {}
