package com.bl1nk.task.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A task as the API shows it: status with reason, result, cost roll-up, timing and (on get) steps and children. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResponse(
        UUID id,
        UUID agentId,
        int agentVersion,
        UUID parentTaskId,
        UUID rootTaskId,
        int depth,
        String status,
        String statusReason,
        String input,
        String output,
        Cost cost,
        Tokens tokens,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        List<Step> steps,
        List<Child> children) {

    /** Money as decimal strings in USD. */
    public record Cost(String budgetUsd, String ownUsd, String childrenUsd, String totalUsd) {}

    /** Tokens of this task's own model calls. */
    public record Tokens(long prompt, long completion) {}

    /** One persisted step. */
    public record Step(
            int seq,
            String kind,
            String status,
            JsonNode input,
            JsonNode output,
            int promptTokens,
            int completionTokens,
            String costUsd,
            long latencyMs,
            int attempt,
            Instant startedAt,
            Instant completedAt) {}

    /** A delegated child task. */
    public record Child(UUID id, UUID agentId, String status, String statusReason, String totalCostUsd) {}

    static String money(BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros().toPlainString();
    }

    static TaskResponse of(TaskRecord t, List<Step> steps, List<Child> children) {
        Long duration = t.startedAt() == null
                ? null
                : Duration.between(t.startedAt(), t.finishedAt() == null ? Instant.now() : t.finishedAt())
                        .toMillis();
        return new TaskResponse(
                t.id(),
                t.agentId(),
                t.agentVersion(),
                t.parentTaskId(),
                t.rootTaskId(),
                t.depth(),
                t.status().wire(),
                t.statusReason(),
                t.input(),
                t.output(),
                new Cost(money(t.budgetUsd()), money(t.costUsd()), money(t.childrenCostUsd()), money(t.totalCostUsd())),
                new Tokens(t.promptTokens(), t.completionTokens()),
                t.attempts(),
                t.createdAt(),
                t.startedAt(),
                t.finishedAt(),
                duration,
                steps,
                children);
    }
}
