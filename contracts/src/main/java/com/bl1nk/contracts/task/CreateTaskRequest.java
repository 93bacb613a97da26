package com.bl1nk.contracts.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/tasks}: sent by API clients through the gateway and by mcp-service's
 * {@code run_agent_task} tool (its task client), read by task-service's task API.
 *
 * @param agentId the agent to run (its current version is recorded on the task)
 * @param input the user's request to the agent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateTaskRequest(
        @NotNull UUID agentId, @NotBlank String input) {}
