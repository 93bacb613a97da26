package com.bl1nk.gateway.people;

/**
 * Body of {@code PATCH /api/v1/members/{userId}}.
 *
 * @param role the new role: owner, admin, developer or viewer (not above the caller's own)
 */
public record ChangeRoleRequest(String role) {}
