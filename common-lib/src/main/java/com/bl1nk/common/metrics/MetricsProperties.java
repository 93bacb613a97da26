package com.bl1nk.common.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shared operational metrics.
 *
 * @param sampleInterval how long a gauge backed by Redis or SQL reuses its last reading (0 reads on every scrape)
 * @param signingKeyMaxAge how long a workload signing key may be used before it must be rotated; the expiry gauge counts
 *     down from the key file's last change
 */
@ConfigurationProperties("bl1nk.metrics")
public record MetricsProperties(
        @DefaultValue("10s") Duration sampleInterval,
        @DefaultValue("90d") Duration signingKeyMaxAge) {

    public MetricsProperties {
        if (sampleInterval.isNegative()) {
            throw new IllegalArgumentException("bl1nk.metrics.sample-interval must not be negative");
        }
        if (signingKeyMaxAge.isNegative() || signingKeyMaxAge.isZero()) {
            throw new IllegalArgumentException("bl1nk.metrics.signing-key-max-age must be positive");
        }
    }
}
