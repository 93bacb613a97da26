package com.bl1nk.gateway.apikey;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How API-key lookups are cached, usage is recorded and keys are rotated, trading freshness for database load.
 *
 * @param cacheTtl how long a key looked up by prefix stays in Redis (never past the key's expiry; revocation, rotation
 *     and disabling its service account also evict it at once)
 * @param lastUsedFlushInterval how often recorded uses are written to {@code last_used_at} / {@code last_used_ip}
 * @param lastUsedMinInterval the least time between two writes of one key's last use (so a busy key costs one UPDATE
 *     per this interval, however many requests it makes)
 * @param maxActivePerTenant keys a tenant may hold at once (not revoked, not expired); one more is 409
 *     {@code quota_exceeded}
 * @param rotationDefaultDeadline how long a rotated key keeps working when the rotation names no deadline
 * @param rotationMaxDeadline the latest deadline a rotation may give the old key
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.api-keys")
public record ApiKeyProperties(
        @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("30s") Duration lastUsedFlushInterval,
        @DefaultValue("1m") Duration lastUsedMinInterval,
        @DefaultValue("100") @Min(1) int maxActivePerTenant,
        @DefaultValue("24h") Duration rotationDefaultDeadline,
        @DefaultValue("30d") Duration rotationMaxDeadline) {}
