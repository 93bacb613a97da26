package com.bl1nk.gateway.session;

import com.bl1nk.common.stream.StreamKeys;
import java.time.Duration;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The session ids of each user (a Redis set per user), so a user can list and end their sessions without the indexed
 * session repository. Ids of sessions that ended on their own are pruned when the set is read.
 */
@Component
class SessionIndex {

    private final ReactiveStringRedisTemplate redis;
    private final StreamKeys keys;
    private final SessionProperties properties;

    SessionIndex(ReactiveStringRedisTemplate redis, StreamKeys keys, SessionProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
    }

    Mono<Void> add(UUID userId, String sessionId) {
        String key = key(userId);
        // the set outlives its newest session by at most one absolute timeout
        return redis.opsForSet()
                .add(key, sessionId)
                .then(redis.expire(key, properties.absoluteTimeout().plus(Duration.ofMinutes(1))))
                .then();
    }

    Mono<Void> remove(UUID userId, String sessionId) {
        return redis.opsForSet().remove(key(userId), sessionId).then();
    }

    Flux<String> members(UUID userId) {
        return redis.opsForSet().members(key(userId)).take(1000);
    }

    Mono<Void> clear(UUID userId) {
        return redis.delete(key(userId)).then();
    }

    /**
     * Marks every session of the user signed in before {@code millis} as ended, however many there are: the set above
     * is read only partly ({@code members} takes 1,000), so ending sessions one by one could miss some.
     */
    Mono<Void> endAllBefore(UUID userId, long millis) {
        return redis.opsForValue()
                .set(
                        cutoffKey(userId),
                        Long.toString(millis),
                        properties.absoluteTimeout().plus(Duration.ofMinutes(1)))
                .then();
    }

    /** The time before which the user's sessions count as ended, 0 when none was set. */
    Mono<Long> endedBefore(UUID userId) {
        return redis.opsForValue().get(cutoffKey(userId)).map(Long::parseLong).defaultIfEmpty(0L);
    }

    private String cutoffKey(UUID userId) {
        return keys.key("bl1nk:gateway:user-sessions-ended-before:" + userId);
    }

    private String key(UUID userId) {
        return keys.key("bl1nk:gateway:user-sessions:" + userId);
    }
}
