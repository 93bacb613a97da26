package com.bl1nk.gateway.session;

import java.util.UUID;

/**
 * Body of {@code PUT /api/v1/auth/session/tenant}.
 *
 * @param tenantId a tenant the signed-in user belongs to
 */
public record SwitchTenantRequest(UUID tenantId) {}
