package com.bl1nk.task.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An agent version as the API shows it; money as a decimal string. */
public record AgentResponse(
        UUID id,
        String name,
        int version,
        String instructions,
        String model,
        String routingPolicy,
        List<UUID> knowledgeBaseIds,
        List<String> allowedTools,
        List<String> allowedSubAgents,
        int maxSteps,
        String maxCostUsd,
        int maxDelegationDepth,
        Instant createdAt) {

    static AgentResponse of(AgentDefinition d) {
        return new AgentResponse(
                d.id(),
                d.name(),
                d.version(),
                d.instructions(),
                d.model(),
                d.routingPolicy(),
                d.knowledgeBaseIds(),
                d.allowedTools(),
                d.allowedSubAgents(),
                d.maxSteps(),
                plain(d.maxCostUsd()),
                d.maxDelegationDepth(),
                d.createdAt());
    }

    static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
