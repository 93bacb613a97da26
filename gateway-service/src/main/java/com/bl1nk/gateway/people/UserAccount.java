package com.bl1nk.gateway.people;

import java.util.UUID;

/**
 * A user as sign-in sees it; the password hash never leaves the gateway.
 *
 * @param id user id, the {@code user:<id>} principal
 * @param email login name, lower-case
 * @param displayName name shown to others
 * @param active whether the user may sign in ({@code status = active})
 * @param platformAdmin whether the user operates the platform (scope {@code platform:admin})
 * @param passwordHash Argon2id hash, or {@code null} when the user has no password
 */
public record UserAccount(
        UUID id, String email, String displayName, boolean active, boolean platformAdmin, String passwordHash) {

    @Override
    public String toString() {
        return "UserAccount[id=" + id + ", active=" + active + ", platformAdmin=" + platformAdmin + "]";
    }
}
