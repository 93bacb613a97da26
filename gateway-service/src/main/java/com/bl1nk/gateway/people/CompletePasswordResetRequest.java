package com.bl1nk.gateway.people;

/**
 * Body of {@code POST /api/v1/auth/password-reset/complete}.
 *
 * @param token the token of the reset link
 * @param password the new password (12 to 128 characters, not a common one)
 */
public record CompletePasswordResetRequest(String token, String password) {

    @Override
    public String toString() {
        return "CompletePasswordResetRequest[]";
    }
}
