package com.bl1nk.billing.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How billing consumes {@code bl1nk:usage}.
 *
 * @param consumerEnabled whether this replica consumes the stream (benchmarks and some tests turn it off)
 * @param group consumer group name (CONTRACTS.md: {@code billing})
 * @param concurrency events handled at once
 * @param maxAttempts deliveries after which an event that keeps failing moves to {@code bl1nk:usage:dead}
 * @param claimIdleTime how long an unacknowledged event waits before it is retried or reclaimed from a dead replica
 * @param blockTime how long one read waits for new events
 */
@Validated
@ConfigurationProperties("bl1nk.billing.usage")
public record UsageProperties(
        @DefaultValue("true") boolean consumerEnabled,
        @DefaultValue("billing") String group,
        @DefaultValue("4") int concurrency,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("30s") Duration claimIdleTime,
        @DefaultValue("2s") Duration blockTime) {}
