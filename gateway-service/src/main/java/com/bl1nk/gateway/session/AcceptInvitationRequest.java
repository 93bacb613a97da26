package com.bl1nk.gateway.session;

/**
 * Body of {@code POST /api/v1/auth/invitations/accept}. Signed in (cookie and CSRF token), only {@code token} is
 * needed: the invitation joins the signed-in user. Otherwise a new user is created with the name and password.
 *
 * @param token the token of the invitation link
 * @param displayName the new user's name
 * @param password the new user's password (12 to 128 characters, not a common one)
 */
public record AcceptInvitationRequest(String token, String displayName, String password) {

    @Override
    public String toString() {
        return "AcceptInvitationRequest[displayName=" + displayName + "]";
    }
}
