package com.bl1nk.gateway.people;

/**
 * Body of {@code POST /api/v1/auth/password-reset}.
 *
 * @param email the e-mail of the account whose password is forgotten
 */
public record PasswordResetRequest(String email) {}
