package com.bl1nk.gateway.auth;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.web.ClientAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Counts failed API-key authentications per client IP and minute in Redis, so an IP sending made-up keys is turned
 * away (429) before its keys are looked up at all. Redis trouble lets requests through: authentication still decides.
 */
@Component
class InvalidKeyLimiter {

    private static final Logger log = LoggerFactory.getLogger(InvalidKeyLimiter.class);

    private final ReactiveStringRedisTemplate redis;
    private final StreamKeys keys;
    private final int perMinute;
    private final Clock clock;

    InvalidKeyLimiter(
            ReactiveStringRedisTemplate redis,
            StreamKeys keys,
            InvalidKeyLimitProperties properties,
            Optional<Clock> clock) {
        this.redis = redis;
        this.keys = keys;
        this.perMinute = properties.invalidKeysPerIpPerMinute();
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** Whether this client IP has used up its failed attempts for the current minute. */
    Mono<Boolean> exhausted(ServerWebExchange exchange) {
        return redis.opsForValue()
                .get(counter(exchange))
                .map(count -> Long.parseLong(count) >= perMinute)
                .defaultIfEmpty(false)
                .onErrorResume(e -> {
                    log.warn("Invalid-key limiter unavailable, not limiting: {}", e.toString());
                    return Mono.just(false);
                });
    }

    /** Records one failed authentication of this client IP. */
    Mono<Void> recordFailure(ServerWebExchange exchange) {
        String counter = counter(exchange);
        return redis.opsForValue()
                .increment(counter)
                .flatMap(count -> count == 1L ? redis.expire(counter, Duration.ofSeconds(61)) : Mono.just(true))
                .onErrorResume(e -> {
                    log.warn("Could not count an invalid key attempt: {}", e.toString());
                    return Mono.just(false);
                })
                .then();
    }

    /** Seconds until the current minute's window ends. */
    long retryAfterSeconds() {
        return 60 - (clock.instant().getEpochSecond() % 60);
    }

    private String counter(ServerWebExchange exchange) {
        long minute = clock.instant().getEpochSecond() / 60;
        return keys.key("bl1nk:gateway:invalid-keys:" + ClientAddress.of(exchange) + ":" + minute);
    }
}
