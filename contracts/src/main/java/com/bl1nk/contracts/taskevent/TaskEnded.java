package com.bl1nk.contracts.taskevent;

import java.util.UUID;

/**
 * The last event of a task's stream: the task reached a terminal status; all four carry the same fields.
 */
public sealed interface TaskEnded extends TaskEvent permits TaskCompleted, TaskFailed, TaskCancelled, TaskTimedOut {

    UUID taskId();

    /** The terminal status ({@code succeeded}, {@code failed}, {@code cancelled}, {@code timed_out}). */
    String status();

    /** Why it ended so, {@code null} for a success. */
    String reason();

    /** The answer, {@code null} unless it succeeded. */
    String output();

    /** What the task spent in all, a plain decimal string. */
    String costUsd();

    /** The end event of a task that reached {@code status} (its wire name, as tasks report it). */
    static TaskEnded of(UUID taskId, String status, String reason, String output, String costUsd) {
        return switch (status) {
            case "succeeded" -> new TaskCompleted(taskId, status, reason, output, costUsd);
            case "timed_out" -> new TaskTimedOut(taskId, status, reason, output, costUsd);
            case "cancelled" -> new TaskCancelled(taskId, status, reason, output, costUsd);
            default -> new TaskFailed(taskId, status, reason, output, costUsd);
        };
    }
}
