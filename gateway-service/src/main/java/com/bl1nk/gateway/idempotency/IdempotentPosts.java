package com.bl1nk.gateway.idempotency;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.gateway.web.Blocking;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for the gateway's creating POSTs, with the semantics every bl1nk service shares: same key and
 * same body replays the stored 201, same key with another body is 422, a concurrent duplicate is 409 while the first
 * is in flight. Records live in {@code identity.idempotency_keys}, scoped by tenant. Reactive adapter: the blocking
 * steps run off the event loop.
 */
@Component
public class IdempotentPosts {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    private static final int MAX_KEY_LENGTH = 255;
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final IdempotencyRepository repository;
    private final JsonMapper json;

    IdempotentPosts(IdempotencyRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /**
     * Runs {@code action} at most once per (tenant, route, key) and answers 201 with a {@code Location}.
     *
     * @param stored what is kept for replays; it must hold no secret (e.g. a created key's plaintext is dropped)
     */
    public <T> Mono<ResponseEntity<T>> execute(
            Identity caller,
            String route,
            String key,
            Object request,
            Class<T> responseType,
            Supplier<T> action,
            Function<T, String> location,
            Function<T, T> stored) {
        return Blocking.call(
                () -> executeBlocking(caller, route, key, request, responseType, action, location, stored));
    }

    /** Like the full variant, storing the response as it is. */
    public <T> Mono<ResponseEntity<T>> execute(
            Identity caller,
            String route,
            String key,
            Object request,
            Class<T> responseType,
            Supplier<T> action,
            Function<T, String> location) {
        return execute(caller, route, key, request, responseType, action, location, Function.identity());
    }

    private <T> ResponseEntity<T> executeBlocking(
            Identity caller,
            String route,
            String key,
            Object request,
            Class<T> responseType,
            Supplier<T> action,
            Function<T, String> location,
            Function<T, T> stored) {
        if (key == null) {
            return created(action.get(), location);
        }
        String idemKey = key.strip();
        if (idemKey.isEmpty() || idemKey.length() > MAX_KEY_LENGTH) {
            throw ApiException.badRequest(
                    "invalid_idempotency_key", "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String hash = hash(request);
        boolean claimed = repository.claim(caller.tenantId(), route, idemKey, hash)
                || repository.takeOverAbandoned(caller.tenantId(), route, idemKey, hash, ABANDONED_AFTER);
        if (!claimed) {
            return replay(caller, route, idemKey, hash, responseType, location);
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            repository.release(caller.tenantId(), route, idemKey);
            throw e;
        }
        repository.complete(
                caller.tenantId(),
                route,
                idemKey,
                HttpStatus.CREATED.value(),
                json.writeValueAsString(stored.apply(result)),
                MediaType.APPLICATION_JSON_VALUE);
        return created(result, location);
    }

    private <T> ResponseEntity<T> replay(
            Identity caller,
            String route,
            String key,
            String hash,
            Class<T> responseType,
            Function<T, String> location) {
        Optional<IdempotencyRepository.StoredResponse> existing = repository.find(caller.tenantId(), route, key);
        if (existing.isEmpty()) {
            // The first request failed and released the key between our claim attempt and this read.
            throw ApiException.conflict(
                    "idempotency_key_in_use", "A request with this Idempotency-Key is in progress; retry shortly");
        }
        IdempotencyRepository.StoredResponse previous = existing.get();
        if (!previous.requestHash().equals(hash)) {
            throw ApiException.unprocessable(
                    "idempotency_key_reused", "This Idempotency-Key was used with a different request body");
        }
        if (!"completed".equals(previous.state()) || previous.body() == null) {
            throw ApiException.conflict(
                    "idempotency_key_in_use", "A request with this Idempotency-Key is in progress; retry shortly");
        }
        T body = json.readValue(previous.body(), responseType);
        return ResponseEntity.status(previous.status())
                .location(URI.create(location.apply(body)))
                .header("Idempotent-Replayed", "true")
                .body(body);
    }

    private static <T> ResponseEntity<T> created(T body, Function<T, String> location) {
        return ResponseEntity.created(URI.create(location.apply(body))).body(body);
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
