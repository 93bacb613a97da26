package com.bl1nk.task.github;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the GitHub integration needs from the tasks feature: find an agent, start a task, see how it ended. */
public interface AgentTasks {

    Optional<UUID> agentIdByName(UUID tenantId, String agentName);

    /** Starts a task; the same idempotency key always yields the same task. */
    UUID createTask(UUID tenantId, UUID agentId, String input, String idempotencyKey, Map<String, String> metadata);

    /** The task's outcome once it has ended; empty while it is queued or running. */
    Optional<FinishedTask> finished(UUID tenantId, UUID taskId);

    /** How a task ended: its answer when it succeeded, the reason otherwise. */
    record FinishedTask(boolean succeeded, String output, String reason) {}
}
