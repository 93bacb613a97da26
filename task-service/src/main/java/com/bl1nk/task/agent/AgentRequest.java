package com.bl1nk.task.agent;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Body of create and update; an update replaces the whole definition and yields a new version.
 *
 * @param name lower-case name, unique within the tenant
 * @param instructions system prompt
 * @param model explicit model (or leave empty and give a routing policy)
 * @param routingPolicy routing policy name for the model layer
 * @param knowledgeBaseIds knowledge bases to retrieve from
 * @param allowedTools MCP tool ids the agent may call
 * @param allowedSubAgents agent names it may delegate to
 * @param maxSteps model calls per task, default 10
 * @param maxCostUsd spend per task in USD, default 1
 * @param maxDelegationDepth delegation levels below a task, default 1
 */
public record AgentRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "must be 1-63 of a-z, 0-9, _ or -") String name,

        @NotBlank @Size(max = 32_000) String instructions,
        @Size(max = 200) String model,
        @Size(max = 100) String routingPolicy,
        @Size(max = 20) List<@NotNull UUID> knowledgeBaseIds,
        @Size(max = 50) List<@NotBlank @Size(max = 200) String> allowedTools,
        @Size(max = 20) List<@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}") String> allowedSubAgents,
        @Min(1) @Max(100) Integer maxSteps,

        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000") BigDecimal maxCostUsd,

        @Min(0) @Max(5) Integer maxDelegationDepth) {

    static final int DEFAULT_MAX_STEPS = 10;
    static final BigDecimal DEFAULT_MAX_COST = BigDecimal.ONE;
    static final int DEFAULT_MAX_DEPTH = 1;

    List<UUID> knowledgeBaseIdsOrEmpty() {
        return knowledgeBaseIds == null ? List.of() : List.copyOf(knowledgeBaseIds);
    }

    List<String> allowedToolsOrEmpty() {
        return allowedTools == null ? List.of() : List.copyOf(allowedTools);
    }

    List<String> allowedSubAgentsOrEmpty() {
        return allowedSubAgents == null ? List.of() : List.copyOf(allowedSubAgents);
    }

    int maxStepsOrDefault() {
        return maxSteps == null ? DEFAULT_MAX_STEPS : maxSteps;
    }

    BigDecimal maxCostOrDefault() {
        return maxCostUsd == null ? DEFAULT_MAX_COST : maxCostUsd;
    }

    int maxDepthOrDefault() {
        return maxDelegationDepth == null ? DEFAULT_MAX_DEPTH : maxDelegationDepth;
    }
}
