package com.bl1nk.gateway.people;

/**
 * Body of {@code POST /api/v1/auth/first-user}.
 *
 * @param token the token of the first-user link ({@code ./bl1nk up} or {@code ./bl1nk admin-key --first-user})
 * @param email the first user's e-mail
 * @param displayName the first user's name
 * @param password the first user's password (12 to 128 characters, not a common one)
 */
public record FirstUserRequest(String token, String email, String displayName, String password) {

    @Override
    public String toString() {
        return "FirstUserRequest[email=" + email + "]";
    }
}
