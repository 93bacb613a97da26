package com.bl1nk.gateway.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant as the API shows it.
 *
 * @param id tenant id, the {@code tid} of every identity token
 * @param slug unique URL-safe handle
 * @param name display name
 * @param status {@code active} or {@code suspended}
 * @param createdAt creation time
 */
public record TenantView(UUID id, String slug, String name, String status, Instant createdAt) {}
