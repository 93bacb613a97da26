package com.bl1nk.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Answer to a key creation: the only response that ever contains the full key.
 *
 * @param id key id
 * @param tenantId owning tenant
 * @param name human label
 * @param prefix public part of the key
 * @param key the full key {@code bl1nk_<prefix>_<secret>}; store it now, it cannot be shown again (null in an
 *     idempotent replay)
 * @param roles granted roles
 * @param scopes granted scopes
 * @param createdAt creation time
 * @param expiresAt expiry, or {@code null}
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
        Instant expiresAt) {

    /**
     * This answer without the plaintext key, for idempotent replays: the secret is never stored anywhere, so a replay
     * returns the same key id with {@code key} null.
     */
    public CreatedApiKey withoutSecret() {
        return new CreatedApiKey(id, tenantId, name, prefix, null, roles, scopes, createdAt, expiresAt);
    }
}
