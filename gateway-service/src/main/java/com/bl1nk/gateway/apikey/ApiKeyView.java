package com.bl1nk.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as listed: everything but the secret, which is never stored and shown only once at creation.
 *
 * @param id key id
 * @param tenantId owning tenant
 * @param name human label
 * @param prefix public part of the key, to recognise it ({@code bl1nk_<prefix>_…})
 * @param roles granted roles
 * @param scopes granted scopes
 * @param status {@code active}, {@code expired} or {@code revoked}
 * @param createdAt creation time
 * @param createdBy principal that created it
 * @param lastUsedAt last authenticated use (updated lazily, may lag by the flush interval)
 * @param expiresAt expiry, or {@code null}
 * @param revokedAt revocation time, or {@code null}
 */
public record ApiKeyView(
        UUID id,
        UUID tenantId,
        String name,
        String prefix,
        List<String> roles,
        List<String> scopes,
        String status,
        Instant createdAt,
        String createdBy,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {}
