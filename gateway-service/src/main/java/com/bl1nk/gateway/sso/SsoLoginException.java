package com.bl1nk.gateway.sso;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.gateway.error.GatewayErrorCode;

/**
 * A login that failed for a reason a person can act on; carries the catalogue code and, for audit, a short reason
 * word. Renders as the code's problem (always 4xx, or 502 when the provider is unreachable).
 */
final class SsoLoginException extends ApiException {

    private final String reason;

    private SsoLoginException(GatewayErrorCode code, String reason, String detail) {
        super(code, detail);
        this.reason = reason;
        withProperty("reason", reason);
    }

    static SsoLoginException of(GatewayErrorCode code, String reason, String detail) {
        return new SsoLoginException(code, reason, detail);
    }

    /** Adds a problem property; returns this exception, typed. */
    SsoLoginException with(String name, Object value) {
        withProperty(name, value);
        return this;
    }

    /** A short machine word for the audit log and the problem's {@code reason}. */
    String reason() {
        return reason;
    }
}
