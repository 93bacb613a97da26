package com.bl1nk.gateway.people;

import java.time.Instant;
import java.util.UUID;

/**
 * A member of the caller's tenant as the API shows it.
 *
 * @param userId the user's id
 * @param email the user's e-mail
 * @param displayName the user's name
 * @param role role in this tenant
 * @param status {@code active} or {@code disabled} (the user account)
 * @param joinedAt when the user joined this tenant
 * @param addedBy who added them (principal)
 */
public record MemberView(
        UUID userId, String email, String displayName, String role, String status, Instant joinedAt, String addedBy) {}
