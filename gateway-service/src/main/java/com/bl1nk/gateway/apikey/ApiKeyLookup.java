package com.bl1nk.gateway.apikey;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.web.Blocking;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds a key by prefix for authentication: Redis first (short TTL), the database on a miss. Redis trouble degrades to
 * database lookups instead of failing requests.
 */
@Component
public class ApiKeyLookup {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyLookup.class);
    private static final Duration SECOND_EVICTION_DELAY = Duration.ofSeconds(2);

    private final ApiKeyRepository repository;
    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final StreamKeys keys;
    private final Duration ttl;

    ApiKeyLookup(
            ApiKeyRepository repository,
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            StreamKeys keys,
            ApiKeyProperties properties) {
        this.repository = repository;
        this.redis = redis;
        this.json = json;
        this.keys = keys;
        this.ttl = properties.cacheTtl();
    }

    /** The stored key with this prefix, or empty when there is none. */
    public Mono<StoredApiKey> findByPrefix(String prefix) {
        String cacheKey = cacheKey(prefix);
        return redis.opsForValue()
                .get(cacheKey)
                .map(cached -> json.readValue(cached, StoredApiKey.class))
                .onErrorResume(e -> {
                    log.warn("API key cache read failed, using the database: {}", e.toString());
                    return Mono.empty();
                })
                .switchIfEmpty(Mono.defer(() -> Blocking.call(
                                () -> repository.findByPrefix(prefix).orElse(null))
                        .flatMap(found -> cache(cacheKey, found).thenReturn(found))));
    }

    /** Drops the cached copy so a revocation takes effect on the next request. */
    public Mono<Void> evict(String prefix) {
        String cacheKey = cacheKey(prefix);
        // A lookup that read the database just before the revocation committed may write its stale copy after this
        // eviction; a second eviction shortly after closes that window without waiting for the TTL.
        Mono.delay(SECOND_EVICTION_DELAY)
                .then(redis.delete(cacheKey))
                .subscribe(deleted -> {}, e -> log.warn("Second API key cache eviction failed: {}", e.toString()));
        return redis.delete(cacheKey)
                .onErrorResume(e -> {
                    log.warn(
                            "API key cache eviction failed; a revoked key may work until the cache TTL: {}",
                            e.toString());
                    return Mono.just(0L);
                })
                .then();
    }

    private Mono<Boolean> cache(String cacheKey, StoredApiKey key) {
        return redis.opsForValue()
                .set(cacheKey, json.writeValueAsString(key), ttl)
                .onErrorResume(e -> {
                    log.warn("API key cache write failed: {}", e.toString());
                    return Mono.just(false);
                });
    }

    private String cacheKey(String prefix) {
        return keys.key("bl1nk:gateway:api-key:" + prefix);
    }
}
