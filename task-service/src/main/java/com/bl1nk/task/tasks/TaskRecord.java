package com.bl1nk.task.tasks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A task row as the queue and the agent loop see it.
 *
 * @param maxDepth deepest depth a descendant of this task may have
 * @param budgetUsd the most this task may spend, its children included
 * @param costUsd what its own model calls cost
 * @param childrenCostUsd what its descendants cost (rolled up as they spend)
 */
public record TaskRecord(
        UUID id,
        UUID tenantId,
        UUID agentId,
        int agentVersion,
        UUID parentTaskId,
        UUID rootTaskId,
        int depth,
        int maxDepth,
        TaskStatus status,
        String statusReason,
        String input,
        String output,
        BigDecimal budgetUsd,
        BigDecimal costUsd,
        BigDecimal childrenCostUsd,
        long promptTokens,
        long completionTokens,
        int attempts,
        String principal,
        UUID apiKeyId,
        String leaseOwner,
        Instant deadlineAt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** Own cost plus children's. */
    public BigDecimal totalCostUsd() {
        return costUsd.add(childrenCostUsd);
    }

    /** Budget not yet spent (never negative). */
    public BigDecimal remainingBudgetUsd() {
        return budgetUsd.subtract(totalCostUsd()).max(BigDecimal.ZERO);
    }
}
