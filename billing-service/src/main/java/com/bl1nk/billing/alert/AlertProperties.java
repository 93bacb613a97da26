package com.bl1nk.billing.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How alerts are delivered.
 *
 * @param dispatcherEnabled whether this replica delivers alerts
 * @param dispatchInterval pause between delivery rounds
 * @param batchSize most alerts claimed per round
 * @param lease how long a claimed alert is hidden from other replicas while it is being delivered
 * @param connectTimeout webhook connect timeout
 * @param requestTimeout webhook response timeout
 * @param maxAttempts webhook deliveries tried before the alert is marked failed
 * @param retryBase first retry delay (doubles per attempt, with jitter)
 * @param retryCap longest retry delay
 */
@Validated
@ConfigurationProperties("bl1nk.billing.alerts")
public record AlertProperties(
        @DefaultValue("true") boolean dispatcherEnabled,
        @DefaultValue("2s") Duration dispatchInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration retryBase,
        @DefaultValue("10m") Duration retryCap) {}
