package com.bl1nk.gateway.apikey;

import java.time.Instant;
import java.util.UUID;

/**
 * Answer to {@code POST /api/v1/api-keys/{id}/rotate}: the new key (its secret shown this once) and until when the old
 * one still works.
 *
 * @param newKey the key that replaces the old one, same name, owner, roles, scopes, allowlist and expiry
 * @param previousKeyId the rotated key
 * @param previousKeyValidUntil when the rotated key stops working (its deadline, or its own expiry if sooner)
 */
public record RotatedApiKey(CreatedApiKey newKey, UUID previousKeyId, Instant previousKeyValidUntil) {}
