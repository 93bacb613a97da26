package com.bl1nk.task.loop;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * One model call of the loop, with the most it may cost: the gateway must refuse or shorten the call rather than spend
 * more than {@code maxCostUsd}.
 *
 * @param model explicit model, or {@code null}
 * @param routingPolicy routing policy, or {@code null}
 */
public record ModelCall(
        UUID tenantId,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        String model,
        String routingPolicy,
        List<ChatMessage> messages,
        List<ToolSpec> tools,
        BigDecimal maxCostUsd) {}
