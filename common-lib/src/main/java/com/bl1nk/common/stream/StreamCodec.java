package com.bl1nk.common.stream;

import com.bl1nk.contracts.StreamContract;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Encodes and decodes one contract record (a {@code com.bl1nk.contracts} type annotated with {@link StreamContract})
 * as a stream message, so its stream, type and version are read from the record once and producers and consumers in
 * different services cannot write or expect different envelopes.
 *
 * @param <T> the payload record
 */
public final class StreamCodec<T> {

    private final Class<T> payloadType;
    private final String stream;
    private final String type;
    private final int version;

    private StreamCodec(Class<T> payloadType, StreamContract contract) {
        this.payloadType = payloadType;
        this.stream = contract.stream();
        this.type = contract.type();
        this.version = contract.version();
    }

    /** The codec of {@code payloadType}; fails when the type is not annotated with {@link StreamContract}. */
    public static <T> StreamCodec<T> of(Class<T> payloadType) {
        StreamContract contract = payloadType.getAnnotation(StreamContract.class);
        if (contract == null) {
            throw new IllegalArgumentException(payloadType.getName() + " is not a @StreamContract");
        }
        return new StreamCodec<>(payloadType, contract);
    }

    /** Logical stream name (without the key prefix). */
    public String stream() {
        return stream;
    }

    /** The envelope's {@code type}. */
    public String type() {
        return type;
    }

    /** The envelope's {@code version}. */
    public int version() {
        return version;
    }

    /** Whether {@code message} carries this contract's type (of any version). */
    public boolean matches(StreamMessage message) {
        return type.equals(message.type());
    }

    /**
     * The payload of {@code message}; throws {@link IllegalArgumentException} (so the worker retries and then
     * dead-letters it) for another type, another version, or a payload that lacks a required field.
     */
    public T decode(StreamMessage message) {
        if (!matches(message)) {
            throw new IllegalArgumentException(
                    "unexpected event type " + message.type() + " on " + stream + " (expected " + type + ")");
        }
        if (message.version() != version) {
            throw new IllegalArgumentException("unsupported " + type + " version " + message.version());
        }
        T payload = decodePayload(message.payloadJson());
        if (payload == null) {
            throw new IllegalArgumentException(type + " message " + message.id() + " has no payload");
        }
        return payload;
    }

    /** Decodes payload JSON (unknown properties ignored, required ones enforced). */
    public T decodePayload(String json) {
        try {
            return StreamJson.MAPPER.readValue(json == null ? "null" : json, payloadType);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + type + " payload: " + e.getMessage(), e);
        }
    }

    /** The payload as the JSON text a producer writes. */
    public String encodePayload(T payload) {
        return StreamJson.MAPPER.writeValueAsString(Objects.requireNonNull(payload, "payload"));
    }

    /** The stream fields a producer writes for {@code payload} (the traceparent of the current trace included). */
    public Map<String, String> encode(UUID eventId, UUID tenantId, T payload, Instant publishedAt) {
        return StreamPublisher.envelope(eventId, type, version, tenantId, encodePayload(payload), publishedAt);
    }
}
