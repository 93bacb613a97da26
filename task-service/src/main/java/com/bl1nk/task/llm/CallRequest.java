package com.bl1nk.task.llm;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * One model call to make: who pays for it, the OpenAI-shaped request as the client sent it, and the most it may cost;
 * routing picks the candidates, so a caller names only the model (or policy) it wants.
 *
 * @param requestedModel what the client put in {@code model} (a model id or a policy alias)
 * @param clientWantsUsage whether the client asked for the streamed usage chunk ({@code stream_options.include_usage})
 * @param allowedModels the caller key's model allowlist (patterns of {@link com.bl1nk.common.identity.ModelAllowlist}),
 *     or {@code null} for every model; candidates outside it are never called
 * @param maxCostUsd the most this call may cost (a task's remaining budget), or {@code null} for no cap: each priced
 *     candidate's output is capped to what it can produce within it at its own price, candidates that cannot even pay
 *     for the prompt are skipped, and a 402 {@code budget_exceeded} follows when no candidate is left
 */
public record CallRequest(
        UUID tenantId,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        String traceId,
        ObjectNode body,
        String requestedModel,
        boolean clientWantsUsage,
        BigDecimal maxCostUsd,
        List<String> allowedModels) {

    /** A call without a model allowlist. */
    public CallRequest(
            UUID tenantId,
            UUID apiKeyId,
            UUID agentId,
            UUID taskId,
            String traceId,
            ObjectNode body,
            String requestedModel,
            boolean clientWantsUsage,
            BigDecimal maxCostUsd) {
        this(tenantId, apiKeyId, agentId, taskId, traceId, body, requestedModel, clientWantsUsage, maxCostUsd, null);
    }
}
