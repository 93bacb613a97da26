package com.bl1nk.gateway.tenant;

/**
 * Body of {@code POST /api/v1/tenants}; validated by {@link TenantService} so every error names its field.
 *
 * @param slug unique handle: lowercase letters, digits and dashes, 2 to 63 characters, starting alphanumeric
 * @param name display name, 1 to 200 characters
 */
public record CreateTenantRequest(String slug, String name) {}
