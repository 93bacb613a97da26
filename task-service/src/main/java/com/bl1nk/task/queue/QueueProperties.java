package com.bl1nk.task.queue;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Task queue and worker settings.
 *
 * @param workerEnabled whether this process runs task workers (an API-only replica may not)
 * @param concurrency tasks run at once by this process (virtual threads)
 * @param maxAttempts runs of a task before it is dead-lettered
 * @param lease how long a worker's claim on a task lasts without renewal
 * @param claimIdleTime idle time after which another worker reclaims a stream message (XCLAIM)
 * @param blockTime how long one stream read waits
 * @param retryBase first retry delay ceiling (exponential backoff with jitter)
 * @param retryCap largest retry delay
 * @param sweepInterval how often the sweeper looks for lost, stale or overdue tasks
 * @param sweepGrace how long a queued task may sit unseen (or a lease stay expired) before the sweeper acts
 * @param outboxAge age of an outbox row before the relay's poller moves it (the fast path moves it at once)
 */
@Validated
@ConfigurationProperties("bl1nk.task.queue")
public record QueueProperties(
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("256") @Min(1) @Max(10_000) int concurrency,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("60s") Duration claimIdleTime,
        @DefaultValue("2s") Duration blockTime,
        @DefaultValue("1s") Duration retryBase,
        @DefaultValue("60s") Duration retryCap,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("30s") Duration sweepGrace,
        @DefaultValue("2s") Duration outboxAge) {}
