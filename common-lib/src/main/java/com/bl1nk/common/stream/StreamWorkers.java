package com.bl1nk.common.stream;

import java.time.Clock;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Creates {@link StreamWorker}s wired to the application's Redis and key prefix, so a service declares a worker bean in
 * one line: {@code workers.create(StreamWorkerSpec.of("bl1nk:tasks", "task-workers"), this::run)}.
 */
public class StreamWorkers {

    private final RedisConnectionFactory connectionFactory;
    private final StringRedisTemplate redis;
    private final StreamKeys keys;
    private final Clock clock;

    public StreamWorkers(
            RedisConnectionFactory connectionFactory, StringRedisTemplate redis, StreamKeys keys, Clock clock) {
        this.connectionFactory = connectionFactory;
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** A new, not yet started worker; return it from a {@code @Bean} method and Spring starts and stops it. */
    public StreamWorker create(StreamWorkerSpec spec, StreamHandler handler) {
        return new StreamWorker(connectionFactory, redis, keys, spec, handler, clock);
    }
}
