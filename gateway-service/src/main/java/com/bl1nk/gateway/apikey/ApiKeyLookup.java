package com.bl1nk.gateway.apikey;

import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.web.Blocking;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds a key by prefix for authentication: Redis first (short TTL), the database on a miss. Redis trouble degrades to
 * database lookups instead of failing requests.
 *
 * <p>Redis is shared with the other services, so a cached entry is only believed when it carries the gateway's MAC
 * (HMAC-SHA256 over the cache key and the record, keyed with a secret derived from the gateway's private key): an
 * entry another workload wrote or changed is dropped and the database decides.
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
    private final IdentityTokenCodec codec;
    private final Counter databaseLookups;

    ApiKeyLookup(
            ApiKeyRepository repository,
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            StreamKeys keys,
            ApiKeyProperties properties,
            IdentityTokenCodec codec,
            MeterRegistry meters) {
        this.repository = repository;
        this.redis = redis;
        this.json = json;
        this.keys = keys;
        this.ttl = properties.cacheTtl();
        this.codec = codec;
        this.databaseLookups = Counter.builder("bl1nk.gateway.api_key.database_lookups")
                .description("API keys looked up in the database by prefix (cache misses)")
                .register(meters);
    }

    /**
     * The role the owning user currently holds in the key's tenant, empty when the user left it or is disabled; asked
     * on every use of a user-owned key (never cached, so a removed membership stops the key on the next request).
     */
    public Mono<Optional<String>> activeMemberRole(UUID tenantId, UUID userId) {
        return Blocking.call(() -> repository.activeMemberRole(tenantId, userId));
    }

    /** Evicts every key a service account owns (it was disabled or deleted). Blocking: call it off the event loop. */
    public void evictServiceAccountKeys(UUID tenantId, UUID serviceAccountId) {
        List<String> prefixes = repository.prefixesOfServiceAccount(tenantId, serviceAccountId);
        for (String prefix : prefixes) {
            evict(prefix).block(Duration.ofSeconds(10));
        }
    }

    /** The stored key with this prefix, or empty when there is none: the cache first, then the database. */
    public Mono<StoredApiKey> findByPrefix(String prefix) {
        return findCached(prefix).switchIfEmpty(Mono.defer(() -> findStored(prefix)));
    }

    /** The key from the cache only (an entry without a valid gateway MAC is dropped and counts as absent). */
    public Mono<StoredApiKey> findCached(String prefix) {
        String cacheKey = cacheKey(prefix);
        return redis.opsForValue()
                .get(cacheKey)
                .flatMap(cached -> {
                    String record = fresh(authentic(cacheKey, cached));
                    if (record == null) {
                        log.warn(
                                "Dropped an API key cache entry without a valid gateway MAC or past its time ({})",
                                cacheKey);
                        return redis.delete(cacheKey).then(Mono.<StoredApiKey>empty());
                    }
                    return Mono.just(json.readValue(record, StoredApiKey.class));
                })
                .onErrorResume(e -> {
                    log.warn("API key cache read failed, using the database: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** The key from the database, cached for the next lookups. */
    public Mono<StoredApiKey> findStored(String prefix) {
        String cacheKey = cacheKey(prefix);
        return Blocking.call(() -> {
                    databaseLookups.increment();
                    return repository.findByPrefix(prefix).orElse(null);
                })
                .flatMap(found -> cache(cacheKey, found).thenReturn(found));
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
        // Never believed past the key's own expiry (a rotated key's deadline): the time is under the MAC.
        Instant now = Instant.now();
        Instant until = now.plus(ttl);
        if (key.expiresAt() != null && key.expiresAt().isBefore(until)) {
            until = key.expiresAt();
        }
        if (Duration.between(now, until).toMillis() < 1) {
            return Mono.just(false);
        }
        return redis.opsForValue()
                .set(
                        cacheKey,
                        seal(cacheKey, until.toEpochMilli() + "." + json.writeValueAsString(key)),
                        Duration.between(now, until))
                .onErrorResume(e -> {
                    log.warn("API key cache write failed: {}", e.toString());
                    return Mono.just(false);
                });
    }

    /**
     * The record of a sealed payload {@code <valid-until epoch ms>.<record>} while it is valid, else {@code null}: the
     * time is under the MAC, so an entry saved before a revocation cannot be put back later to revive the key.
     */
    private static String fresh(String payload) {
        if (payload == null) {
            return null;
        }
        int dot = payload.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            long until = Long.parseLong(payload.substring(0, dot));
            return System.currentTimeMillis() <= until ? payload.substring(dot + 1) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code <base64url MAC>.<payload>}. */
    String seal(String cacheKey, String record) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(cacheKey, record)) + "." + record;
    }

    /** The record of a sealed entry, or {@code null} when its MAC is missing or wrong. */
    private String authentic(String cacheKey, String sealed) {
        int dot = sealed.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(sealed.substring(0, dot));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String record = sealed.substring(dot + 1);
        return MessageDigest.isEqual(claimed, mac(cacheKey, record)) ? record : null;
    }

    private byte[] mac(String cacheKey, String record) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(codec.derivedSecret("api-key cache"), "HmacSHA256"));
            mac.update(cacheKey.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(record.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private String cacheKey(String prefix) {
        return keys.key("bl1nk:gateway:api-key:" + prefix);
    }
}
