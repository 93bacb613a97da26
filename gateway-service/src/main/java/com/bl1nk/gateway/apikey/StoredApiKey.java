package com.bl1nk.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What authentication needs to know about a key, cached in Redis by prefix so most requests skip the database.
 *
 * @param id key id (the {@code kid} claim)
 * @param tenantId owning tenant
 * @param prefix public lookup handle
 * @param secretHash SHA-256 hex of the secret
 * @param roles roles granted to the key
 * @param scopes scopes granted to the key
 * @param rateLimitPerMinute per-key override of the default rate limit, or {@code null}
 * @param expiresAt when the key stops working (for a rotated key: its deadline), or {@code null}
 * @param revokedAt when the key was revoked, or {@code null}
 * @param tenantActive whether the owning tenant is active
 * @param ownerUserId the user who owns the key (checked to be an active member on every use), or {@code null}
 * @param serviceAccountId the service account that owns the key, or {@code null}
 * @param ownerDisabled whether the owning service account is disabled or deleted (absent in entries cached before
 *     owners existed, which reads as {@code false}: right for keys without an owner)
 * @param allowedModels the models the key may call, or {@code null} for every model
 */
public record StoredApiKey(
        UUID id,
        UUID tenantId,
        String prefix,
        String secretHash,
        List<String> roles,
        List<String> scopes,
        Integer rateLimitPerMinute,
        Instant expiresAt,
        Instant revokedAt,
        boolean tenantActive,
        UUID ownerUserId,
        UUID serviceAccountId,
        boolean ownerDisabled,
        List<String> allowedModels) {

    public StoredApiKey {
        roles = roles == null ? List.of() : List.copyOf(roles);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        allowedModels = allowedModels == null ? null : List.copyOf(allowedModels);
    }

    /** A key without an owner or model allowlist (keys from before owners existed, bootstrap keys). */
    public StoredApiKey(
            UUID id,
            UUID tenantId,
            String prefix,
            String secretHash,
            List<String> roles,
            List<String> scopes,
            Integer rateLimitPerMinute,
            Instant expiresAt,
            Instant revokedAt,
            boolean tenantActive) {
        this(
                id,
                tenantId,
                prefix,
                secretHash,
                roles,
                scopes,
                rateLimitPerMinute,
                expiresAt,
                revokedAt,
                tenantActive,
                null,
                null,
                false,
                null);
    }

    /** Whether the key has been revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the key has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
