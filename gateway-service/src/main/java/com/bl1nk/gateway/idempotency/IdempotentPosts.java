package com.bl1nk.gateway.idempotency;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.gateway.web.Blocking;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for the gateway's creating POSTs with the semantics of common-lib's
 * {@code IdempotencyService} (same key and body replays the stored 201, another body is 422
 * {@code idempotency_key_reused}, a concurrent duplicate is 409 {@code idempotency_request_in_flight}, a failure
 * releases the key, records expire after 24 h), as a reactive adapter whose blocking steps run off the event loop.
 * Not common-lib's class itself: that stores the response body verbatim, which for key creation would persist the
 * plaintext secret; here the caller decides what is stored ({@code stored}).
 */
@Component
public class IdempotentPosts {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    /** Response header marking a replayed answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final int MAX_KEY_LENGTH = 255;
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(IdempotentPosts.class);

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
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.of(
                    CommonErrorCode.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters long");
        }
        UUID tenantId = caller.tenantId();
        String hash = hash(request);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (repository.claim(tenantId, route, key, hash)
                    || repository.takeOverAbandoned(tenantId, route, key, hash, ABANDONED_AFTER)) {
                return runClaimed(tenantId, route, key, action, location, stored);
            }
            if (repository.deleteExpired(tenantId, route, key, RETENTION)) {
                continue;
            }
            Optional<IdempotencyRepository.StoredResponse> existing = repository.find(tenantId, route, key);
            if (existing.isEmpty()) {
                continue; // the first request failed and released the key meanwhile: try to claim it again
            }
            IdempotencyRepository.StoredResponse previous = existing.get();
            if (!previous.requestHash().equals(hash)) {
                throw ApiException.of(
                        CommonErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was already used with a different request body");
            }
            if (!"completed".equals(previous.state()) || previous.body() == null) {
                throw inFlight();
            }
            T body = json.readValue(previous.body(), responseType);
            return ResponseEntity.status(previous.status())
                    .location(URI.create(location.apply(body)))
                    .header(REPLAYED_HEADER, "true")
                    .body(body);
        }
        throw inFlight();
    }

    private <T> ResponseEntity<T> runClaimed(
            UUID tenantId,
            String route,
            String key,
            Supplier<T> action,
            Function<T, String> location,
            Function<T, T> stored) {
        T result;
        try {
            result = action.get();
        } catch (RuntimeException | Error e) {
            repository.release(tenantId, route, key);
            throw e;
        }
        try {
            repository.complete(
                    tenantId,
                    route,
                    key,
                    HttpStatus.CREATED.value(),
                    json.writeValueAsString(stored.apply(result)),
                    MediaType.APPLICATION_JSON_VALUE);
        } catch (RuntimeException e) {
            // The effect happened; failing now would invite a duplicate. The key stays claimed.
            log.error("Could not store the idempotent response for key {} on {}", key, route, e);
        }
        return created(result, location);
    }

    private static ApiException inFlight() {
        return ApiException.of(
                        CommonErrorCode.IDEMPOTENCY_REQUEST_IN_FLIGHT,
                        "A request with this Idempotency-Key is still being processed; retry later")
                .withHeader(HttpHeaders.RETRY_AFTER, "1");
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
