package com.bl1nk.gateway.session;

import com.bl1nk.common.stream.StreamKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Counts failed sign-ins per account and per client address in Redis; after {@code max} failures within the window
 * the account (or address) is locked, first for {@code lockout}, each further time within a day for twice as long up
 * to {@code maxLockout}. A successful sign-in clears only its account's count, never the address's (which would let
 * one known password reset the count for guessing at others). E-mails appear in keys only as hashes.
 */
@Component
class LoginThrottle {

    private static final Duration STRIKE_MEMORY = Duration.ofDays(1);

    private final ReactiveStringRedisTemplate redis;
    private final StreamKeys keys;
    private final SessionProperties properties;

    LoginThrottle(ReactiveStringRedisTemplate redis, StreamKeys keys, SessionProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
    }

    /** How long the account or the address is still locked, if it is. */
    Mono<Optional<Duration>> lockedFor(String email, String ip) {
        return Mono.zip(remaining(lock("acct", account(email))), remaining(lock("ip", ip)))
                .map(both -> {
                    long ms = Math.max(both.getT1(), both.getT2());
                    return ms > 0 ? Optional.of(Duration.ofMillis(ms)) : Optional.<Duration>empty();
                });
    }

    /** Records a failed sign-in of {@code email} from {@code ip}. */
    Mono<Void> recordFailure(String email, String ip) {
        return count("acct", account(email), properties.maxFailuresPerAccount())
                .then(count("ip", ip, properties.maxFailuresPerIp()));
    }

    /** Clears the account's failures after a successful sign-in; the address's count stays. */
    Mono<Void> recordSuccess(String email) {
        String subject = account(email);
        return redis.delete(failures("acct", subject), strikes("acct", subject)).then();
    }

    private Mono<Void> count(String kind, String subject, int max) {
        String failures = failures(kind, subject);
        return redis.opsForValue().increment(failures).flatMap(count -> {
            Mono<Boolean> window = count == 1L ? redis.expire(failures, properties.failureWindow()) : Mono.just(true);
            if (count < max) {
                return window.then();
            }
            String strikes = strikes(kind, subject);
            return window.then(redis.opsForValue().increment(strikes))
                    .flatMap(strike -> redis.expire(strikes, STRIKE_MEMORY).thenReturn(strike))
                    .flatMap(strike -> redis.opsForValue()
                            .set(lock(kind, subject), "1", lockLength(strike))
                            .then(redis.delete(failures)))
                    .then();
        });
    }

    /** The lock after the {@code strike}-th time the limit was reached: lockout, doubled each time, capped. */
    Duration lockLength(long strike) {
        Duration length = properties.lockout();
        for (long i = 1; i < strike && length.compareTo(properties.maxLockout()) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(properties.maxLockout()) > 0 ? properties.maxLockout() : length;
    }

    private Mono<Long> remaining(String key) {
        return redis.getExpire(key).map(Duration::toMillis).defaultIfEmpty(0L).map(ms -> Math.max(0L, ms));
    }

    private String failures(String kind, String subject) {
        return keys.key("bl1nk:gateway:login:failures:" + kind + ":" + subject);
    }

    private String strikes(String kind, String subject) {
        return keys.key("bl1nk:gateway:login:strikes:" + kind + ":" + subject);
    }

    private String lock(String kind, String subject) {
        return keys.key("bl1nk:gateway:login:lock:" + kind + ":" + subject);
    }

    private static String account(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((email == null ? "" : email).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
