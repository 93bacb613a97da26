package com.bl1nk.gateway.apikey;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/api-keys}; validated by {@link ApiKeyService} so every error names its field.
 *
 * @param name human label, 1 to 200 characters
 * @param roles at least one of owner, admin, developer, viewer
 * @param scopes optional scopes such as {@code tasks:write}
 * @param expiresAt optional ISO-8601 instant in the future
 * @param tenantId optional target tenant; only a platform admin may name another tenant
 * @param ownerUserId optional owning user, an active member of the tenant whose role is at least the key's
 * @param serviceAccountId optional owning service account of the tenant (not with {@code ownerUserId})
 * @param allowedModels optional model allowlist: model names, each optionally ending in {@code *}; absent = every
 *     model
 */
public record CreateApiKeyRequest(
        String name,
        List<String> roles,
        List<String> scopes,

        @Schema(type = "string", format = "date-time", example = "2027-01-01T00:00:00Z")
        String expiresAt,

        UUID tenantId,
        UUID ownerUserId,
        UUID serviceAccountId,

        @Schema(example = "[\"gpt-4o-mini\", \"openrouter/claude-3*\"]")
        List<String> allowedModels) {

    /** A request without owner or allowlist. */
    public CreateApiKeyRequest(String name, List<String> roles, List<String> scopes, String expiresAt, UUID tenantId) {
        this(name, roles, scopes, expiresAt, tenantId, null, null, null);
    }
}
