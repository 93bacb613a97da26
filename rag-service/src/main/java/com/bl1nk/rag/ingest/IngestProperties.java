package com.bl1nk.rag.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Ingestion worker settings.
 *
 * @param workerEnabled whether this process consumes {@code bl1nk:ingest}
 * @param concurrency documents processed at once by this process
 * @param maxAttempts deliveries before a document is marked failed and its message dead-lettered
 * @param claimIdleTime how long a message may stay unacknowledged before another worker reclaims it
 * @param blockTime how long one stream read waits for new messages
 * @param requeueAfter queued documents untouched this long are published again (Redis lost the message)
 * @param sweepInterval how often the re-queue sweeper runs
 */
@Validated
@ConfigurationProperties("bl1nk.rag.ingest")
public record IngestProperties(
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("2") @Min(1) @Max(64) int concurrency,
        @DefaultValue("5") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("60s") @NotNull Duration claimIdleTime,
        @DefaultValue("2s") @NotNull Duration blockTime,
        @DefaultValue("5m") @NotNull Duration requeueAfter,
        @DefaultValue("60s") @NotNull Duration sweepInterval) {}
