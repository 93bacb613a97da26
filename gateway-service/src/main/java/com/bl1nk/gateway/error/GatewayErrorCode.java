package com.bl1nk.gateway.error;

import com.bl1nk.common.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The problem codes gateway-service answers with besides common-lib's; clients switch on these strings, so an entry's code
 * and status never change. {@code docs/errors/gateway.md} is generated from this list by {@code ErrorCatalogueTests}.
 */
public enum GatewayErrorCode implements ErrorCode {
    INVALID_PATH("invalid_path", HttpStatus.BAD_REQUEST, "The path is malformed (encoded separators, dot segments)"),
    RATE_LIMITED(
            "rate_limited",
            HttpStatus.TOO_MANY_REQUESTS,
            "The API key or client exceeded its requests per minute; see `Retry-After`"),
    TOO_MANY_INVALID_KEYS(
            "too_many_invalid_keys",
            HttpStatus.TOO_MANY_REQUESTS,
            "Too many invalid API keys from this client address; see `Retry-After`"),
    OWNER_KEY("owner_key", HttpStatus.FORBIDDEN, "Only an owner may manage an owner's API key"),
    ROLE_NOT_GRANTABLE(
            "role_not_grantable", HttpStatus.FORBIDDEN, "A key cannot carry a role its creator does not hold"),
    SCOPE_NOT_GRANTABLE(
            "scope_not_grantable", HttpStatus.FORBIDDEN, "A key cannot carry a scope its creator does not hold"),
    KEY_NOT_ROTATABLE(
            "key_not_rotatable",
            HttpStatus.CONFLICT,
            "Only an active API key that was not rotated before can be rotated (revoked, expired or already rotated)"),
    SERVICE_ACCOUNT_DISABLED(
            "service_account_disabled",
            HttpStatus.CONFLICT,
            "The service account is disabled: its keys do not work and it gets no new ones until it is enabled"),
    SERVICE_ACCOUNT_NAME_TAKEN(
            "service_account_name_taken", HttpStatus.CONFLICT, "A service account of that name exists in the tenant"),
    QUOTA_EXCEEDED("quota_exceeded", HttpStatus.CONFLICT, "The tenant already has its maximum number of API keys"),
    SLUG_TAKEN("slug_taken", HttpStatus.CONFLICT, "A tenant with that slug already exists"),
    SSO_NOT_CONFIGURED(
            "sso_not_configured",
            HttpStatus.NOT_FOUND,
            "The tenant does not exist, or has no enabled single sign-on (and no platform provider serves it)"),
    SSO_STATE_INVALID(
            "sso_state_invalid",
            HttpStatus.BAD_REQUEST,
            "The SSO callback's state is unknown, expired, already used or was started in another browser; start the"
                    + " login again"),
    SSO_PROVIDER_ERROR(
            "sso_provider_error",
            HttpStatus.BAD_REQUEST,
            "The identity provider sent the user back with an error (e.g. `access_denied`); see `providerError`"),
    SSO_CODE_REJECTED(
            "sso_code_rejected",
            HttpStatus.BAD_REQUEST,
            "The identity provider refused to exchange the authorization code (already used, expired, wrong client)"),
    SSO_TOKEN_INVALID(
            "sso_token_invalid",
            HttpStatus.UNAUTHORIZED,
            "The provider's ID token failed verification (signature, issuer, audience, expiry or nonce); see `reason`"),
    SSO_NO_ROLE(
            "sso_no_role",
            HttpStatus.FORBIDDEN,
            "None of the user's groups maps to a role in this tenant and the tenant has no default role"),
    SSO_USER_REFUSED(
            "sso_user_refused",
            HttpStatus.FORBIDDEN,
            "The SSO identity has no bl1nk user and just-in-time creation is off (or sent no e-mail), or the user is"
                    + " disabled"),
    SSO_PROVIDER_UNAVAILABLE(
            "sso_provider_unavailable",
            HttpStatus.BAD_GATEWAY,
            "The identity provider could not be reached in time or did not answer as an OpenID Connect provider"),
    PASSWORD_LOGIN_DISABLED(
            "password_login_disabled",
            HttpStatus.FORBIDDEN,
            "The user belongs to a tenant that allows sign-in by SSO only"),
    INVALID_CREDENTIALS(
            "invalid_credentials",
            HttpStatus.UNAUTHORIZED,
            "The e-mail or the password is wrong (the answer never says which)"),
    LOGIN_THROTTLED(
            "login_throttled",
            HttpStatus.TOO_MANY_REQUESTS,
            "Too many failed sign-ins for this account or from this address; see `Retry-After`"),
    ACCOUNT_DISABLED("account_disabled", HttpStatus.FORBIDDEN, "The user account is disabled"),
    NO_TENANT("no_tenant", HttpStatus.FORBIDDEN, "The user belongs to no (active) tenant, or not to the one asked for"),
    SESSION_REQUIRED(
            "session_required",
            HttpStatus.BAD_REQUEST,
            "The endpoint is about a signed-in person's session; an API key has none"),
    CSRF_TOKEN_MISSING(
            "csrf_token_missing",
            HttpStatus.FORBIDDEN,
            "A state change with a session cookie needs the session's `X-CSRF-Token` header"),
    CSRF_TOKEN_INVALID(
            "csrf_token_invalid", HttpStatus.FORBIDDEN, "The `X-CSRF-Token` header is not this session's token"),
    LAST_OWNER("last_owner", HttpStatus.CONFLICT, "A tenant always keeps at least one owner"),
    OWNER_MEMBER("owner_member", HttpStatus.FORBIDDEN, "Only an owner may make, demote or remove an owner"),
    ALREADY_MEMBER("already_member", HttpStatus.CONFLICT, "The person already belongs to the tenant"),
    EMAIL_TAKEN(
            "email_taken",
            HttpStatus.CONFLICT,
            "A user with this e-mail exists: sign in as that user, then accept the invitation"),
    LINK_INVALID("link_invalid", HttpStatus.NOT_FOUND, "The link's token is unknown"),
    LINK_USED("link_used", HttpStatus.GONE, "The link was used or revoked already; links work once"),
    LINK_EXPIRED("link_expired", HttpStatus.GONE, "The link has expired; ask for a new one"),
    INVITATION_EMAIL_MISMATCH(
            "invitation_email_mismatch",
            HttpStatus.FORBIDDEN,
            "The invitation is for another e-mail address than the signed-in user's");

    private final String code;
    private final HttpStatus status;
    private final String meaning;

    GatewayErrorCode(String code, HttpStatus status, String meaning) {
        this.code = code;
        this.status = status;
        this.meaning = meaning;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
