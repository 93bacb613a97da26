package com.bl1nk.gateway.session;

import java.util.UUID;

/**
 * Body of {@code POST /api/v1/auth/login}.
 *
 * @param email the user's e-mail
 * @param password the user's password
 * @param tenantId the tenant to sign into; the user's first tenant when omitted
 */
public record LoginRequest(String email, String password, UUID tenantId) {

    @Override
    public String toString() {
        return "LoginRequest[tenantId=" + tenantId + "]";
    }
}
