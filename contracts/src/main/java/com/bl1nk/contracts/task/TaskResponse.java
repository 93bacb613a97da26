package com.bl1nk.contracts.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task as {@code GET/POST /api/v1/tasks} shows it: status with reason, result, cost roll-up, timing and (on get)
 * steps and children; what task-service writes and mcp-service's task client reads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
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

    /** One persisted step; {@code input} and {@code output} are the step's JSON objects. */
    public record Step(
            int seq,
            String kind,
            String status,
            Object input,
            Object output,
            int promptTokens,
            int completionTokens,
            String costUsd,
            long latencyMs,
            int attempt,
            Instant startedAt,
            Instant completedAt) {}

    /** A delegated child task. */
    public record Child(UUID id, UUID agentId, String status, String statusReason, String totalCostUsd) {}
}
