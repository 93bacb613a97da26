package com.bl1nk.common.idempotency;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.json.CanonicalJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives creating POSTs {@code Idempotency-Key} semantics (IETF draft): a retried request with the same key and body gets
 * the first response again, a different body under the same key is refused, and concurrent duplicates cause exactly one
 * effect, because the first request claims the key with an insert before it runs.
 *
 * <p>Call {@link #execute} outside a transaction, so the claim is visible to concurrent requests at once; an operation
 * that commits its effect in its own transaction claims inside it instead ({@link #claimInTransaction}).
 */
public class IdempotencyService {

    /** Request header carrying the key. */
    public static final String HEADER = "Idempotency-Key";

    /** Response header set to {@code true} on a replayed response. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** Longest accepted key. */
    public static final int MAX_KEY_LENGTH = 255;

    private static final Pattern TABLE_NAME = Pattern.compile("^[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?$");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyService.class);

    private final JdbcTemplate jdbc;
    private final JsonMapper mapper;
    private final Duration retention;
    private final Duration inFlightTimeout;
    private final String insertSql;
    private final String deleteExpiredSql;
    private final String selectSql;
    private final String completeSql;
    private final String deleteSql;

    /** Default time after which an unfinished claim (its request crashed) is considered abandoned. */
    public static final Duration DEFAULT_IN_FLIGHT_TIMEOUT = Duration.ofMinutes(10);

    public IdempotencyService(JdbcTemplate jdbc, JsonMapper mapper, String table, Duration retention) {
        this(jdbc, mapper, table, retention, DEFAULT_IN_FLIGHT_TIMEOUT);
    }

    /**
     * @param retention how long a completed key stays bound to its first request
     * @param inFlightTimeout after this, a claim whose request never finished (process crashed) may be taken over
     */
    public IdempotencyService(
            JdbcTemplate jdbc, JsonMapper mapper, String table, Duration retention, Duration inFlightTimeout) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "bl1nk.idempotency.table must be a plain [schema.]table name in lower case, got: " + table);
        }
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.retention = retention;
        this.inFlightTimeout = inFlightTimeout;
        this.insertSql = "insert into " + table
                + " (tenant_id, route, idem_key, request_hash, state) values (?, ?, ?, ?, 'in_flight')"
                + " on conflict (tenant_id, route, idem_key) do nothing";
        this.deleteExpiredSql = "delete from " + table
                + " where tenant_id = ? and route = ? and idem_key = ?"
                + " and (created_at < now() - make_interval(secs => ?)"
                + " or (state = 'in_flight' and created_at < now() - make_interval(secs => ?)))";
        this.selectSql = "select request_hash, state, response_status, response_body, response_content_type from "
                + table + " where tenant_id = ? and route = ? and idem_key = ?";
        this.completeSql = "update " + table
                + " set state = 'completed', response_status = ?, response_body = ?, response_content_type = ?,"
                + " completed_at = now() where tenant_id = ? and route = ? and idem_key = ?";
        this.deleteSql = "delete from " + table + " where tenant_id = ? and route = ? and idem_key = ?";
    }

    /**
     * Runs {@code action} at most once per {@code (tenant, route, key)}.
     *
     * @param identity caller; keys are scoped to its tenant
     * @param route stable name of the operation, e.g. {@code POST /api/v1/tasks}
     * @param key the {@code Idempotency-Key} header value, or {@code null} to just run the action
     * @param requestBody the parsed request body, compared by canonical JSON hash
     * @param action the operation; if it throws, the key is released so a retry may run
     */
    public ResponseEntity<?> execute(
            Identity identity, String route, String key, Object requestBody, Supplier<ResponseEntity<?>> action) {
        if (key == null) {
            return action.get();
        }
        Object tenant = identity.tenantId();
        Optional<Stored> earlier = claim(tenant, route, key, requestBody);
        return earlier.isPresent() ? replay(earlier.get()) : runClaimed(tenant, route, key, action);
    }

    /**
     * Claims the key inside the caller's transaction, for an operation whose effect commits in that same transaction:
     * a concurrent duplicate waits on the claimed key until the transaction ends, then gets the committed response (or
     * claims the key itself when the transaction rolled back). Call {@link #completeInTransaction} before it commits.
     *
     * @return the earlier response when the key was used with the same body; empty when this call claimed the key
     */
    public Optional<StoredResponse> claimInTransaction(
            Identity identity, String route, String key, Object requestBody) {
        return claim(identity.tenantId(), route, key, requestBody)
                .map(s -> new StoredResponse(s.status() == null ? 200 : s.status(), s.body(), s.contentType()));
    }

    /** Stores the response of a key claimed by {@link #claimInTransaction}, in the same transaction. */
    public void completeInTransaction(
            Identity identity, String route, String key, int status, String body, MediaType contentType) {
        jdbc.update(
                completeSql,
                status,
                body,
                body == null ? null : contentType.toString(),
                identity.tenantId(),
                route,
                key);
    }

    /**
     * A response stored under a key.
     *
     * @param contentType the stored body's media type, {@code null} without a body
     */
    public record StoredResponse(int status, String body, String contentType) {}

    /** Claims the key (empty) or finds the completed response to replay; 422 for another body, 409 while in flight. */
    private Optional<Stored> claim(Object tenant, String route, String key, Object requestBody) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.of(
                    CommonErrorCode.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters long");
        }
        String hash = CanonicalJson.sha256(mapper, requestBody);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (jdbc.update(insertSql, tenant, route, key, hash) == 1) {
                return Optional.empty();
            }
            if (jdbc.update(deleteExpiredSql, tenant, route, key, (double) retention.toSeconds(), (double)
                            inFlightTimeout.toSeconds())
                    == 1) {
                continue;
            }
            List<Stored> rows = jdbc.query(
                    selectSql,
                    (rs, i) -> new Stored(
                            rs.getString(1),
                            rs.getString(2),
                            (Integer) rs.getObject(3),
                            rs.getString(4),
                            rs.getString(5)),
                    tenant,
                    route,
                    key);
            if (rows.isEmpty()) {
                continue; // released by a failed first attempt in the meantime: try to claim it again
            }
            Stored stored = rows.get(0);
            if (!stored.requestHash().equals(hash)) {
                throw ApiException.of(
                        CommonErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was already used with a different request body");
            }
            if (!"completed".equals(stored.state())) {
                throw ApiException.of(
                                CommonErrorCode.IDEMPOTENCY_REQUEST_IN_FLIGHT,
                                "A request with this Idempotency-Key is still being processed; retry later")
                        .withHeader(HttpHeaders.RETRY_AFTER, "1");
            }
            return Optional.of(stored);
        }
        throw ApiException.of(
                CommonErrorCode.IDEMPOTENCY_REQUEST_IN_FLIGHT,
                "A request with this Idempotency-Key is being processed");
    }

    private ResponseEntity<?> runClaimed(Object tenant, String route, String key, Supplier<ResponseEntity<?>> action) {
        ResponseEntity<?> response;
        try {
            response = action.get();
        } catch (RuntimeException | Error e) {
            release(tenant, route, key);
            throw e;
        }
        if (response == null || response.getStatusCode().is5xxServerError()) {
            release(tenant, route, key);
            return response;
        }
        try {
            Object body = response.getBody();
            String json = body == null ? null : body instanceof String s ? s : mapper.writeValueAsString(body);
            MediaType contentType = response.getHeaders().getContentType();
            String type =
                    body == null ? null : (contentType != null ? contentType : MediaType.APPLICATION_JSON).toString();
            jdbc.update(completeSql, response.getStatusCode().value(), json, type, tenant, route, key);
        } catch (RuntimeException e) {
            // The effect happened; failing the response now would invite a duplicate. Keep the key claimed.
            log.error("Could not store the idempotent response for key {} on {}", key, route, e);
        }
        return response;
    }

    private void release(Object tenant, String route, String key) {
        try {
            jdbc.update(deleteSql, tenant, route, key);
        } catch (RuntimeException e) {
            log.warn("Could not release idempotency key {} on {}: {}", key, route, e.toString());
        }
    }

    private static ResponseEntity<?> replay(Stored stored) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(stored.status() == null ? 200 : stored.status())
                .header(REPLAYED_HEADER, "true");
        if (stored.body() == null) {
            return builder.build();
        }
        if (stored.contentType() != null) {
            builder.contentType(MediaType.parseMediaType(stored.contentType()));
        }
        return builder.body(stored.body());
    }

    private record Stored(String requestHash, String state, Integer status, String body, String contentType) {}
}
