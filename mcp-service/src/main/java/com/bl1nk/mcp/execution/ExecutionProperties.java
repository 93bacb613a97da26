package com.bl1nk.mcp.execution;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of one tool call, so a slow or chatty tool costs a bounded amount of time and memory.
 *
 * @param defaultTimeout timeout when the caller names none
 * @param maxTimeout the most a caller may ask for
 * @param outputCapBytes content beyond this many bytes is cut off with a truncation notice
 * @param auditSynchronousCommit whether a call waits for its audit row's WAL flush (off: a Postgres crash may lose
 *     the last fraction of a second of call rows, never corrupt them)
 */
@Validated
@ConfigurationProperties("bl1nk.mcp.execution")
public record ExecutionProperties(
        @DefaultValue("30s") @NotNull Duration defaultTimeout,
        @DefaultValue("120s") @NotNull Duration maxTimeout,
        @DefaultValue("262144") @Min(1024) @Max(16_777_216) int outputCapBytes,
        @DefaultValue("false") boolean auditSynchronousCommit) {}
