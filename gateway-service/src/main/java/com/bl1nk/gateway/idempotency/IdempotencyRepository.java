package com.bl1nk.gateway.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code identity.idempotency_keys} (the shape every service shares, see CONTRACTS.md). */
@Repository
class IdempotencyRepository {

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key for this request; false when a record already exists. */
    boolean claim(UUID tenantId, String route, String key, String requestHash) {
        return jdbc.sql("""
                        insert into identity.idempotency_keys (tenant_id, route, idem_key, request_hash, state)
                        values (:tenantId, :route, :key, :hash, 'in_flight')
                        on conflict do nothing
                        """)
                        .param("tenantId", tenantId)
                        .param("route", route)
                        .param("key", key)
                        .param("hash", requestHash)
                        .update()
                == 1;
    }

    /** Takes over a claim whose owner apparently died (in flight for longer than {@code abandonedAfter}). */
    boolean takeOverAbandoned(UUID tenantId, String route, String key, String requestHash, Duration abandonedAfter) {
        return jdbc.sql("""
                        update identity.idempotency_keys set created_at = now()
                         where tenant_id = :tenantId and route = :route and idem_key = :key
                           and request_hash = :hash and state = 'in_flight'
                           and created_at < now() - make_interval(secs => :seconds)
                        """)
                        .param("tenantId", tenantId)
                        .param("route", route)
                        .param("key", key)
                        .param("hash", requestHash)
                        .param("seconds", (double) abandonedAfter.toSeconds())
                        .update()
                == 1;
    }

    /** Forgets a record older than the retention, so the key may bind to a new request. */
    boolean deleteExpired(UUID tenantId, String route, String key, Duration retention) {
        return jdbc.sql("""
                        delete from identity.idempotency_keys
                         where tenant_id = :tenantId and route = :route and idem_key = :key
                           and created_at < now() - make_interval(secs => :seconds)
                        """)
                        .param("tenantId", tenantId)
                        .param("route", route)
                        .param("key", key)
                        .param("seconds", (double) retention.toSeconds())
                        .update()
                == 1;
    }

    Optional<StoredResponse> find(UUID tenantId, String route, String key) {
        return jdbc.sql("""
                        select request_hash, state, response_status, response_body, response_content_type
                          from identity.idempotency_keys
                         where tenant_id = :tenantId and route = :route and idem_key = :key
                        """)
                .param("tenantId", tenantId)
                .param("route", route)
                .param("key", key)
                .query((rs, n) -> new StoredResponse(
                        rs.getString("request_hash"),
                        rs.getString("state"),
                        (Integer) rs.getObject("response_status"),
                        rs.getString("response_body"),
                        rs.getString("response_content_type")))
                .optional();
    }

    void complete(UUID tenantId, String route, String key, int status, String body, String contentType) {
        jdbc.sql("""
                        update identity.idempotency_keys
                           set state = 'completed', response_status = :status, response_body = :body,
                               response_content_type = :contentType, completed_at = now()
                         where tenant_id = :tenantId and route = :route and idem_key = :key
                        """)
                .param("tenantId", tenantId)
                .param("route", route)
                .param("key", key)
                .param("status", status)
                .param("body", body)
                .param("contentType", contentType)
                .update();
    }

    /** Drops a claim whose request failed, so the client may retry with the same key. */
    void release(UUID tenantId, String route, String key) {
        jdbc.sql("""
                        delete from identity.idempotency_keys
                         where tenant_id = :tenantId and route = :route and idem_key = :key and state = 'in_flight'
                        """)
                .param("tenantId", tenantId)
                .param("route", route)
                .param("key", key)
                .update();
    }

    record StoredResponse(String requestHash, String state, Integer status, String body, String contentType) {}
}
