package com.bl1nk.contracts.mcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/**
 * A tool call made by task-service for an agent: like the public call, plus the agent and task it is for (the agent
 * is the caller checked against the tool's allowed callers).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InternalToolCallRequest(
        Map<String, Object> arguments,
        @Min(1) @Max(600_000) Integer timeoutMs,
        @Pattern(regexp = "^[A-Za-z0-9_.:-]{1,100}$") String agentId,
        @Pattern(regexp = "^[A-Za-z0-9_.:-]{1,100}$") String taskId) {}
