package com.bl1nk.task.llm;

import java.math.BigDecimal;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a finished call produced.
 *
 * @param body the {@code chat.completion} object (non-streaming calls), else {@code null}
 * @param costUsd cost from billing's price, or {@code null} when unknown
 * @param upstreamAttempts how many requests went to providers
 * @param failedMidStream whether a stream broke after its first token (the client got an error event)
 */
public record CallOutcome(
        ObjectNode body,
        ServedBy servedBy,
        Usage usage,
        BigDecimal costUsd,
        int upstreamAttempts,
        boolean failedMidStream) {}
