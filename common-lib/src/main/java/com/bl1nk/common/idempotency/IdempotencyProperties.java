package com.bl1nk.common.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service keeps its idempotency keys.
 *
 * @param table schema-qualified table in the shape of docs/dev/CONTRACTS.md, e.g. {@code task.idempotency_keys}
 * @param retention how long a key stays bound to its first request; older keys may be reused
 * @param inFlightTimeout after this, a claim whose request never finished (its process died) may be taken over
 */
@ConfigurationProperties("bl1nk.idempotency")
public record IdempotencyProperties(
        String table,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("10m") Duration inFlightTimeout) {}
