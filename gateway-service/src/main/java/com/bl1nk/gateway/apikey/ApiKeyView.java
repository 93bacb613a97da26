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
 * @param status {@code active}, {@code rotated} (replaced, still valid until {@code expiresAt}), {@code expired} or
 *     {@code revoked}
 * @param createdAt creation time
 * @param createdBy principal that created it
 * @param lastUsedAt last authenticated use (recorded at most once a minute, so it may lag by that much)
 * @param lastUsedIp client address of that use
 * @param expiresAt expiry (for a rotated key: the deadline of the old key), or {@code null}
 * @param revokedAt revocation time, or {@code null}
 * @param ownerUserId the user who owns the key, or {@code null}
 * @param serviceAccountId the service account that owns the key, or {@code null}
 * @param allowedModels the models the key may call, or {@code null} for every model
 * @param rotatedAt when the key was rotated, or {@code null}
 * @param replacedBy the key that replaced it, or {@code null}
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
        String lastUsedIp,
        Instant expiresAt,
        Instant revokedAt,
        UUID ownerUserId,
        UUID serviceAccountId,
        List<String> allowedModels,
        Instant rotatedAt,
        UUID replacedBy) {}
