package com.bl1nk.task.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One immutable version of an agent: what the agent loop needs to run a task with it.
 *
 * @param id agent id
 * @param tenantId owning tenant
 * @param name unique name within the tenant, also how other agents delegate to it
 * @param version version number, starting at 1
 * @param instructions system prompt
 * @param model explicit model, or {@code null} when a routing policy decides
 * @param routingPolicy routing policy name understood by the model layer, or {@code null}
 * @param knowledgeBaseIds knowledge bases retrieved from before the first model call
 * @param allowedTools MCP tool ids the agent may call
 * @param allowedSubAgents names of agents it may delegate to
 * @param maxSteps bound on model calls per task
 * @param maxCostUsd bound on spend per task, children included
 * @param maxDelegationDepth how many levels of delegation may start below a task of this agent
 * @param createdAt when this version was written
 */
public record AgentDefinition(
        UUID id,
        UUID tenantId,
        String name,
        int version,
        String instructions,
        String model,
        String routingPolicy,
        List<UUID> knowledgeBaseIds,
        List<String> allowedTools,
        List<String> allowedSubAgents,
        int maxSteps,
        BigDecimal maxCostUsd,
        int maxDelegationDepth,
        Instant createdAt) {}
