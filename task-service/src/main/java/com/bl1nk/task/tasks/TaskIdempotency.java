package com.bl1nk.task.tasks;

import com.bl1nk.common.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Idempotency-Key handling inside the creating transaction: the key row is inserted first, so concurrent duplicates
 * wait on its primary key and then see the committed response instead of creating a second task.
 */
@Component
class TaskIdempotency {

    private final JdbcClient jdbc;

    TaskIdempotency(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored response. */
    record Stored(int status, String body) {}

    static String hash(String canonicalBody) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonicalBody.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Claims the key for this transaction; returns the earlier response when the key was used with the same body,
     * throws 422 when it was used with a different one.
     */
    Optional<Stored> begin(UUID tenantId, String route, String key, String requestHash) {
        if (key.isBlank() || key.length() > 255) {
            throw ApiException.invalidField("Idempotency-Key", "must be 1-255 characters");
        }
        int inserted = jdbc.sql("""
                        insert into task.idempotency_keys (tenant_id, route, idem_key, request_hash, state)
                        values (?, ?, ?, ?, 'in_flight') on conflict do nothing
                        """).params(tenantId, route, key, requestHash).update();
        if (inserted == 1) {
            return Optional.empty();
        }
        var row = jdbc.sql("""
                        select request_hash, state, response_status, response_body from task.idempotency_keys
                        where tenant_id = ? and route = ? and idem_key = ?
                        """)
                .params(tenantId, route, key)
                .query((rs, n) -> new Object[] {
                    rs.getString("request_hash"),
                    rs.getString("state"),
                    rs.getInt("response_status"),
                    rs.getString("response_body")
                })
                .single();
        if (!requestHash.equals(row[0])) {
            throw ApiException.unprocessable(
                    "idempotency_key_reused", "This Idempotency-Key was already used with a different request body");
        }
        if (!"completed".equals(row[1])) {
            throw ApiException.conflict("idempotency_in_flight", "A request with this Idempotency-Key is in progress");
        }
        return Optional.of(new Stored((Integer) row[2], (String) row[3]));
    }

    void complete(UUID tenantId, String route, String key, int status, String body) {
        jdbc.sql("""
                        update task.idempotency_keys set state = 'completed', response_status = ?, response_body = ?,
                            response_content_type = 'application/json', completed_at = now()
                        where tenant_id = ? and route = ? and idem_key = ?
                        """).params(status, body, tenantId, route, key).update();
    }
}
