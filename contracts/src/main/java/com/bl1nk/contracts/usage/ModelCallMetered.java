package com.bl1nk.contracts.usage;

import com.bl1nk.contracts.StreamContract;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * One metered model call (chat or embedding) on {@code bl1nk:usage}, published by task-service and rag-service and
 * priced by billing from its own price book; {@code eventId} makes a redelivery harmless.
 *
 * @param eventId producer-chosen id; billing records each id once
 * @param tenantId tenant billed (must equal the envelope's tenant)
 * @param apiKeyId API key the call was made with, if any
 * @param agentId agent the call was made for, if any
 * @param taskId task the call was made for, if any
 * @param reservationId billing reservation the call ran under, if any
 * @param provider provider name as in the price book
 * @param model model name as in the price book
 * @param promptTokens input tokens (required, non-negative)
 * @param completionTokens output tokens (required, non-negative)
 * @param cachedTokens input tokens served from the provider's cache, at most {@code promptTokens}; absent means 0
 * @param estimated whether the token counts are estimates (the provider reported none); absent means no
 * @param latencyMs how long the call took
 * @param costUsd the producer's informational cost as a decimal string, {@code null} when unknown
 * @param kind {@code chat} (default) or {@code embedding}
 * @param traceId W3C trace id of the call
 * @param occurredAt when the call ended
 */
@StreamContract(stream = ModelCallMetered.STREAM, type = "ModelCallMetered", version = 1)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCallMetered(
        @JsonProperty(required = true) UUID eventId,
        @JsonProperty(required = true) UUID tenantId,
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        UUID reservationId,
        @JsonProperty(required = true) String provider,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) long promptTokens,
        @JsonProperty(required = true) long completionTokens,
        Long cachedTokens,
        Boolean estimated,
        Long latencyMs,
        String costUsd,
        String kind,
        String traceId,
        @JsonProperty(required = true) Instant occurredAt) {

    /** Logical stream name. */
    public static final String STREAM = "bl1nk:usage";

    /** {@code kind} of a chat completion. */
    public static final String CHAT = "chat";

    /** {@code kind} of an embedding call. */
    public static final String EMBEDDING = "embedding";
}
