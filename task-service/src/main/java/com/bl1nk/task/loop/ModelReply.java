package com.bl1nk.task.loop;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the model answered: text, tool calls, or both, with tokens and cost.
 *
 * @param provider provider that answered
 * @param model model that answered
 */
public record ModelReply(
        String content,
        List<ToolCallRequest> toolCalls,
        int promptTokens,
        int completionTokens,
        BigDecimal costUsd,
        String provider,
        String model) {

    public ModelReply {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
