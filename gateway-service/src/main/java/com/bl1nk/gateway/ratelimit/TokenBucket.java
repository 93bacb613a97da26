package com.bl1nk.gateway.ratelimit;

import com.bl1nk.common.stream.StreamKeys;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** One atomic token-bucket step in Redis (see {@code ratelimit/token-bucket.lua}), shared by all gateway replicas. */
@Component
class TokenBucket {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT =
            RedisScript.of(new ClassPathResource("ratelimit/token-bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final StreamKeys keys;

    TokenBucket(ReactiveStringRedisTemplate redis, StreamKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Takes one token from bucket {@code name}, refilled at {@code perMinute} up to {@code capacity}. */
    Mono<Decision> take(String name, int capacity, int perMinute) {
        double perMillisecond = perMinute / 60_000.0;
        return redis.execute(
                        SCRIPT,
                        List.of(keys.key("bl1nk:gateway:rate-limit:" + name)),
                        List.of(Integer.toString(capacity), Double.toString(perMillisecond), "1"))
                .next()
                .map(result -> new Decision(
                        number(result, 0) == 1, capacity, number(result, 1), number(result, 2), number(result, 3)));
    }

    private static long number(List<?> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    /**
     * The answer of one step.
     *
     * @param allowed whether the request may pass
     * @param limit bucket capacity
     * @param remaining tokens left
     * @param retryAfterMillis wait before a token is available (0 when allowed)
     * @param untilFullMillis time until the bucket is full again
     */
    record Decision(boolean allowed, int limit, long remaining, long retryAfterMillis, long untilFullMillis) {}
}
