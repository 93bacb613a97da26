package com.bl1nk.gateway.apikey;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How API-key lookups are cached and usage is recorded, trading freshness for database load.
 *
 * @param cacheTtl how long a key looked up by prefix stays in Redis (revocation also evicts it at once)
 * @param lastUsedFlushInterval how often recorded uses are written to {@code last_used_at}
 * @param maxActivePerTenant keys a tenant may hold at once (not revoked, not expired); one more is 409
 *     {@code quota_exceeded}
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.api-keys")
public record ApiKeyProperties(
        @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("30s") Duration lastUsedFlushInterval,
        @DefaultValue("100") @Min(1) int maxActivePerTenant) {}
