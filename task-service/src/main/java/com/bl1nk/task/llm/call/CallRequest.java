package com.bl1nk.task.llm.call;

import com.bl1nk.task.llm.routing.ModelTarget;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * One model call to make: who pays for it, the OpenAI-shaped request as the client sent it, and the candidates in the
 * order routing chose.
 *
 * @param requestedModel what the client put in {@code model} (a model id or a policy alias)
 * @param clientWantsUsage whether the client asked for the streamed usage chunk ({@code stream_options.include_usage})
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
        List<ModelTarget> candidates) {

    public CallRequest {
        candidates = List.copyOf(candidates);
    }
}
