package com.bl1nk.common.metrics;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamWorkerSpec;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Depth, pending entries, consumer-group lag and dead letters of every stream this service consumes, so a backlog or a
 * poison message shows on a dashboard before users notice. Tags are the logical stream and group names only.
 */
public final class StreamMetrics implements MeterBinder {

    private final StringRedisTemplate redis;
    private final StreamKeys keys;
    private final Supplier<List<StreamWorkerSpec>> consumed;
    private final Duration sampleInterval;

    public StreamMetrics(
            StringRedisTemplate redis,
            StreamKeys keys,
            Supplier<List<StreamWorkerSpec>> consumed,
            Duration sampleInterval) {
        this.redis = redis;
        this.keys = keys;
        this.consumed = consumed;
        this.sampleInterval = sampleInterval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (StreamWorkerSpec spec : consumed.get()) {
            String stream = spec.stream();
            SampledValue<Reading> reading =
                    new SampledValue<>("stream " + stream, () -> read(spec), sampleInterval, Reading.UNKNOWN);
            gauge(registry, "bl1nk.stream.length", "Entries in the stream", spec, reading, Reading::length);
            gauge(
                    registry,
                    "bl1nk.stream.pending",
                    "Entries delivered to the group but not yet acknowledged",
                    spec,
                    reading,
                    Reading::pending);
            gauge(registry, "bl1nk.stream.lag", "Entries not yet delivered to the group", spec, reading, Reading::lag);
            gauge(
                    registry,
                    "bl1nk.stream.dead.letters",
                    "Entries in the stream's dead-letter stream (<stream>:dead)",
                    spec,
                    reading,
                    Reading::deadLetters);
        }
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            StreamWorkerSpec spec,
            SampledValue<Reading> reading,
            ToDoubleFunction<Reading> value) {
        Gauge.builder(name, reading, r -> value.applyAsDouble(r.get()))
                .description(description)
                .tag("stream", spec.stream())
                .tag("group", spec.group())
                .strongReference(true)
                .register(registry);
    }

    private Reading read(StreamWorkerSpec spec) {
        String key = keys.key(spec.stream());
        Long deadLength = redis.opsForStream().size(keys.deadLetter(spec.stream()));
        double dead = deadLength == null ? 0 : deadLength;
        if (!Boolean.TRUE.equals(redis.hasKey(key))) {
            return new Reading(0, 0, 0, dead); // nothing was ever published, or the stream was trimmed away
        }
        Long length = redis.opsForStream().size(key);
        double pending = Double.NaN;
        double lag = Double.NaN;
        for (Object group : groups(key)) {
            Map<String, Object> fields = fields(group);
            if (spec.group().equals(fields.get("name"))) {
                pending = number(fields.get("pending"));
                lag = number(fields.get("lag"));
            }
        }
        return new Reading(length == null ? 0 : length, pending, lag, dead);
    }

    /** XINFO GROUPS through Lettuce's own command (Spring Data's view of it leaves out {@code lag}). */
    @SuppressWarnings("unchecked")
    private List<Object> groups(String key) {
        List<Object> groups = redis.execute((RedisCallback<List<Object>>) connection -> {
            Object commands = connection.getNativeConnection();
            if (!(commands instanceof RedisStreamAsyncCommands<?, ?> streams)) {
                return List.of();
            }
            try {
                return ((RedisStreamAsyncCommands<byte[], byte[]>) streams)
                        .xinfoGroups(key.getBytes(StandardCharsets.UTF_8))
                        .get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading XINFO GROUPS", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("XINFO GROUPS " + key + " failed", e);
            }
        });
        return groups == null ? List.of() : groups;
    }

    /** One XINFO GROUPS entry (a flat name/value list) as a map of strings and numbers. */
    private static Map<String, Object> fields(Object group) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (group instanceof List<?> flat) {
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                Object value = flat.get(i + 1);
                fields.put(text(flat.get(i)), value instanceof byte[] bytes ? text(bytes) : value);
            }
        }
        return fields;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value == null) {
            return Double.NaN; // e.g. lag is nil when Redis cannot tell (entries deleted from the stream)
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private record Reading(double length, double pending, double lag, double deadLetters) {
        static final Reading UNKNOWN = new Reading(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
