package com.bl1nk.gateway.people;

/**
 * What a signed-in session may do right now, read afresh for each request so a removed member or a disabled user loses
 * access at once.
 *
 * @param userActive whether the user account is active
 * @param platformAdmin whether the user operates the platform
 * @param role the user's role in the session's tenant, or {@code null} when no longer a member
 * @param tenantActive whether that tenant is active
 */
public record SessionAccess(boolean userActive, boolean platformAdmin, String role, boolean tenantActive) {

    /** Whether the session still stands: active user, still a member of an active tenant. */
    public boolean allowed() {
        return userActive && role != null && tenantActive;
    }
}
