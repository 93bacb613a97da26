package com.bl1nk.task.tasks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One persisted step; {@code input}/{@code output} are JSON text.
 *
 * @param status {@code started}, {@code completed} or {@code failed}
 */
public record StepRecord(
        UUID taskId,
        int seq,
        StepKind kind,
        String status,
        String input,
        String output,
        int promptTokens,
        int completionTokens,
        BigDecimal costUsd,
        long latencyMs,
        int attempt,
        Instant startedAt,
        Instant completedAt) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
