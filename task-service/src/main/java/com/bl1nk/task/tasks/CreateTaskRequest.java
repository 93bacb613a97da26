package com.bl1nk.task.tasks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/tasks}.
 *
 * @param agentId the agent to run (its current version is recorded on the task)
 * @param input the user's request to the agent
 */
public record CreateTaskRequest(
        @NotNull UUID agentId, @NotBlank String input) {}
