package com.bl1nk.common.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit outbox of a service.
 *
 * @param relayEnabled whether this instance relays its outbox to {@code bl1nk:audit} (every instance may)
 * @param pollInterval how often the relay looks for new rows
 * @param batchSize rows relayed per transaction
 */
@Validated
@ConfigurationProperties("bl1nk.audit.outbox")
public record AuditOutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("100") int batchSize) {

    public AuditOutboxProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("bl1nk.audit.outbox.poll-interval must be positive");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("bl1nk.audit.outbox.batch-size must be between 1 and 1000");
        }
    }
}
