package com.bl1nk.common.stream;

import com.bl1nk.common.trace.TraceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Publishes events to a stream in the common envelope (event id, type, version, tenant, traceparent, JSON payload,
 * time), so every consumer can decode, trace and de-duplicate them the same way.
 */
public class StreamPublisher {

    private final StringRedisTemplate redis;
    private final StreamKeys keys;
    private final Clock clock;

    public StreamPublisher(StringRedisTemplate redis, StreamKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** Publishes to the logical {@code stream} (prefix added here) and returns the Redis record id. */
    public String publish(String stream, UUID tenantId, String type, int version, Object payload) {
        return publish(stream, UUID.randomUUID(), tenantId, type, version, payload, 0);
    }

    /** Like {@link #publish(String, UUID, String, int, Object)}, trimming the stream to about {@code maxLen} entries. */
    public String publish(String stream, UUID tenantId, String type, int version, Object payload, long maxLen) {
        return publish(stream, UUID.randomUUID(), tenantId, type, version, payload, maxLen);
    }

    /**
     * Publishes with a caller-chosen {@code eventId} (so a retried publish can be de-duplicated downstream);
     * {@code maxLen > 0} trims approximately ({@code MAXLEN ~}). The payload is serialised as JSON (a String becomes a
     * JSON string).
     */
    public String publish(
            String stream, UUID eventId, UUID tenantId, String type, int version, Object payload, long maxLen) {
        return add(
                stream,
                envelope(
                        eventId,
                        type,
                        version,
                        tenantId,
                        StreamJson.MAPPER.writeValueAsString(payload),
                        clock.instant()),
                maxLen);
    }

    /** Publishes a contract record with a fresh event id through its {@link StreamCodec}. */
    public <T> String publish(StreamCodec<T> codec, UUID tenantId, T payload) {
        return publish(codec, UUID.randomUUID(), tenantId, payload, 0);
    }

    /**
     * Publishes a contract record through its {@link StreamCodec} (stream, type and version from the record) with a
     * caller-chosen {@code eventId}; {@code maxLen > 0} trims approximately.
     */
    public <T> String publish(StreamCodec<T> codec, UUID eventId, UUID tenantId, T payload, long maxLen) {
        return add(codec.stream(), codec.encode(eventId, tenantId, payload, clock.instant()), maxLen);
    }

    /** The common envelope: every stream message of every service is written through here. */
    static Map<String, String> envelope(
            UUID eventId, String type, int version, UUID tenantId, String payloadJson, Instant publishedAt) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(StreamFields.EVENT_ID, eventId.toString());
        fields.put(StreamFields.TYPE, type);
        fields.put(StreamFields.VERSION, Integer.toString(version));
        if (tenantId != null) {
            fields.put(StreamFields.TENANT_ID, tenantId.toString());
        }
        TraceContext.injectInto(fields);
        fields.put(StreamFields.PAYLOAD, payloadJson);
        fields.put(StreamFields.PUBLISHED_AT, publishedAt.toString());
        return fields;
    }

    private String add(String stream, Map<String, String> fields, long maxLen) {
        MapRecord<String, String, String> record =
                StreamRecords.newRecord().in(keys.key(stream)).ofMap(fields);
        XAddOptions options = maxLen > 0 ? XAddOptions.maxlen(maxLen).approximateTrimming(true) : XAddOptions.none();
        RecordId id = redis.opsForStream().add(record, options);
        if (id == null) {
            throw new IllegalStateException("XADD to " + stream + " returned no id");
        }
        return id.getValue();
    }

    /** The key mapping used, for callers that read streams themselves (e.g. SSE readers). */
    public StreamKeys keys() {
        return keys;
    }
}
