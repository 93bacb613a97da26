package com.bl1nk.task.tasks;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the tasks API.
 *
 * @param maxInputChars largest task input accepted (413 above)
 * @param maxOutputChars largest final answer kept (the task fails with {@code output_too_large} above)
 * @param maxDuration how long a task may take from creation before it ends as {@code timed_out}
 * @param maxActivePerTenant queued or running tasks a tenant may have at once; creating one more is 429
 *     {@code quota_exceeded} (delegation within a running task is bounded by its depth and budget instead)
 */
@Validated
@ConfigurationProperties("bl1nk.task.tasks")
public record TaskProperties(
        @DefaultValue("32768") @Min(1) int maxInputChars,
        @DefaultValue("65536") @Min(1) int maxOutputChars,
        @DefaultValue("10m") Duration maxDuration,
        @DefaultValue("200") @Min(1) int maxActivePerTenant) {}
