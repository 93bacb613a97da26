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
    SLUG_TAKEN("slug_taken", HttpStatus.CONFLICT, "A tenant with that slug already exists");

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
