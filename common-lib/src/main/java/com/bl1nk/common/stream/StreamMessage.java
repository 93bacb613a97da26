package com.bl1nk.common.stream;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One message read from a stream, with its envelope fields parsed and the payload decoded on demand.
 *
 * @param stream logical stream name (without the key prefix)
 * @param id Redis record id
 * @param eventId producer-assigned id, for idempotent consumers
 * @param type event type, e.g. {@code ModelCallMetered}
 * @param version event schema version
 * @param tenantId tenant the event belongs to
 * @param traceparent W3C traceparent of the producer, may be {@code null}
 * @param payloadJson the payload as JSON text
 * @param publishedAt when the producer published it, may be {@code null}
 * @param deliveryCount how many times this message has been delivered, including this time (1 = first)
 * @param fields all raw fields
 */
public record StreamMessage(
        String stream,
        String id,
        UUID eventId,
        String type,
        int version,
        UUID tenantId,
        String traceparent,
        String payloadJson,
        Instant publishedAt,
        long deliveryCount,
        Map<String, String> fields) {

    public StreamMessage {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** Parses the envelope of raw stream fields; missing or malformed envelope fields become {@code null}/0. */
    public static StreamMessage from(String stream, String id, Map<String, String> fields, long deliveryCount) {
        return new StreamMessage(
                stream,
                id,
                uuid(fields.get(StreamFields.EVENT_ID)),
                fields.get(StreamFields.TYPE),
                integer(fields.get(StreamFields.VERSION)),
                uuid(fields.get(StreamFields.TENANT_ID)),
                fields.get(StreamFields.TRACEPARENT),
                fields.get(StreamFields.PAYLOAD),
                instant(fields.get(StreamFields.PUBLISHED_AT)),
                deliveryCount,
                fields);
    }

    /** Decodes the payload into {@code type}; unknown JSON properties are ignored (tolerant reader). */
    public <T> T payload(Class<T> type) {
        return StreamJson.MAPPER.readValue(payloadJson == null ? "null" : payloadJson, type);
    }

    /** The payload as a JSON tree. */
    public JsonNode payloadTree() {
        return StreamJson.MAPPER.readTree(payloadJson == null ? "null" : payloadJson);
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int integer(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
