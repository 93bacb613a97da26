package com.bl1nk.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Answer to a key creation or rotation: the only response that ever contains the full key.
 *
 * @param id key id
 * @param tenantId owning tenant
 * @param name human label
 * @param prefix public part of the key
 * @param key the full key {@code bl1nk_<prefix>_<secret><checksum>}; store it now, it cannot be shown again (null in
 *     an idempotent replay)
 * @param roles granted roles
 * @param scopes granted scopes
 * @param createdAt creation time
 * @param expiresAt expiry, or {@code null}
 * @param ownerUserId the user who owns the key, or {@code null}
 * @param serviceAccountId the service account that owns the key, or {@code null}
 * @param allowedModels the models the key may call, or {@code null} for every model
 */
public record CreatedApiKey(
        UUID id,
        UUID tenantId,
        String name,
        String prefix,
        String key,
        List<String> roles,
        List<String> scopes,
        Instant createdAt,
        Instant expiresAt,
        UUID ownerUserId,
        UUID serviceAccountId,
        List<String> allowedModels) {

    /**
     * This answer without the plaintext key, for idempotent replays: the secret is never stored anywhere, so a replay
     * returns the same key id with {@code key} null.
     */
    public CreatedApiKey withoutSecret() {
        return new CreatedApiKey(
                id,
                tenantId,
                name,
                prefix,
                null,
                roles,
                scopes,
                createdAt,
                expiresAt,
                ownerUserId,
                serviceAccountId,
                allowedModels);
    }
}
