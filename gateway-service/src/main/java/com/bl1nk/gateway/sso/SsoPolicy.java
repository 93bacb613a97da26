package com.bl1nk.gateway.sso;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.gateway.error.GatewayErrorCode;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The "SSO only" rule for password login: a member of any tenant whose enabled provider is SSO-only signs in by SSO,
 * never with a password. Blocking: call it off the event loop.
 */
@Component
public class SsoPolicy {

    private final SsoConfigRepository repository;

    SsoPolicy(SsoConfigRepository repository) {
        this.repository = repository;
    }

    /** Whether {@code userId} may sign in with a password. */
    public boolean passwordLoginAllowed(UUID userId) {
        return !repository.memberOfSsoOnlyTenant(userId);
    }

    /** Throws 403 {@code password_login_disabled} when {@code userId} may not sign in with a password. */
    public void requirePasswordLoginAllowed(UUID userId) {
        if (!passwordLoginAllowed(userId)) {
            throw ApiException.of(
                    GatewayErrorCode.PASSWORD_LOGIN_DISABLED,
                    "This account belongs to a tenant that allows sign-in by SSO only; use the SSO login");
        }
    }

    /** Whether the tenant lets its members sign in by SSO only. */
    public boolean ssoOnly(UUID tenantId) {
        return repository.tenantIsSsoOnly(tenantId);
    }
}
