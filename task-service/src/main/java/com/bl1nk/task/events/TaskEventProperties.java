package com.bl1nk.task.events;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Task event stream settings.
 *
 * @param maxLength approximate cap of one task's stream
 * @param retentionAfterEnd how long a task's stream lives after its last event
 * @param heartbeat how often an open SSE connection gets a heartbeat comment (feeds {@code bl1nk.sse.heartbeat}) and
 *     a quiet one checks whether its task ended
 * @param pollInterval how often an SSE reader looks for new events when none arrived
 * @param maxStreamDuration how long one SSE connection stays open at most (the client reconnects with Last-Event-ID)
 * @param maxStreamsPerTenant SSE connections one tenant may hold open on one task-service instance; one more is 429
 *     {@code quota_exceeded}
 */
@Validated
@ConfigurationProperties("bl1nk.task.events")
public record TaskEventProperties(
        @DefaultValue("10000") long maxLength,
        @DefaultValue("24h") Duration retentionAfterEnd,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("150ms") Duration pollInterval,
        @DefaultValue("30m") Duration maxStreamDuration,
        @DefaultValue("50") @Min(1) int maxStreamsPerTenant) {}
