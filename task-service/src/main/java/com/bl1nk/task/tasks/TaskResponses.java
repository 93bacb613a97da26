package com.bl1nk.task.tasks;

import com.bl1nk.contracts.task.TaskResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds the contract {@link TaskResponse} from a stored task. */
final class TaskResponses {

    private TaskResponses() {}

    static String money(BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros().toPlainString();
    }

    static TaskResponse of(TaskRecord t, List<TaskResponse.Step> steps, List<TaskResponse.Child> children) {
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
                new TaskResponse.Cost(
                        money(t.budgetUsd()), money(t.costUsd()), money(t.childrenCostUsd()), money(t.totalCostUsd())),
                new TaskResponse.Tokens(t.promptTokens(), t.completionTokens()),
                t.attempts(),
                t.createdAt(),
                t.startedAt(),
                t.finishedAt(),
                duration,
                steps,
                children);
    }
}
