package com.bl1nk.billing.support;

import com.bl1nk.common.stream.StreamPublisher;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds and publishes {@code ModelCallMetered} events the way task-service and rag-service do. */
public final class UsageEvents {

    private UsageEvents() {}

    /** A chat event for {@code tenant} with the given tokens, occurring at {@code at}. */
    public static Map<String, Object> event(
            UUID tenant, String provider, String model, long prompt, long completion, long cached, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", UUID.randomUUID().toString());
        payload.put("tenantId", tenant.toString());
        payload.put("provider", provider);
        payload.put("model", model);
        payload.put("promptTokens", prompt);
        payload.put("completionTokens", completion);
        payload.put("cachedTokens", cached);
        payload.put("estimated", false);
        payload.put("latencyMs", 12);
        payload.put("kind", "chat");
        payload.put("traceId", "0af7651916cd43dd8448eb211c80319c");
        payload.put("occurredAt", at.toString());
        return payload;
    }

    /** Publishes the payload to {@code bl1nk:usage} with the envelope's eventId equal to the payload's. */
    public static String publish(StreamPublisher publisher, Map<String, Object> payload) {
        return publisher.publish(
                "bl1nk:usage",
                UUID.fromString((String) payload.get("eventId")),
                UUID.fromString((String) payload.get("tenantId")),
                "ModelCallMetered",
                1,
                payload,
                0);
    }
}
