package com.bl1nk.gateway.serviceaccount;

import java.time.Instant;
import java.util.UUID;

/**
 * A service account as shown to key managers.
 *
 * @param id service account id (give it as {@code serviceAccountId} when creating a key)
 * @param tenantId owning tenant
 * @param name unique in the tenant
 * @param description what it is for
 * @param status {@code active} or {@code disabled}
 * @param createdAt creation time
 * @param createdBy principal that created it
 * @param updatedAt last change
 * @param disabledAt when it was disabled, or {@code null}
 */
public record ServiceAccountView(
        UUID id,
        UUID tenantId,
        String name,
        String description,
        String status,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        Instant disabledAt) {}
