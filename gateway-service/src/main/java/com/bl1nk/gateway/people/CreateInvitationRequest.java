package com.bl1nk.gateway.people;

/**
 * Body of {@code POST /api/v1/invitations}.
 *
 * @param email who to invite
 * @param role the role they get: owner, admin, developer or viewer, not above the inviter's own
 */
public record CreateInvitationRequest(String email, String role) {}
