package com.bl1nk.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;

class AuditWriterIT extends GatewayIntegrationTest {

    @Autowired
    StreamPublisher publisher;

    @Autowired
    StreamKeys keys;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void keyCreationIsAuditedOnceWithTheRequestsTraceId() {
        TestTenant tenant = newTenant("audit-create");
        String traceId = UUID.randomUUID().toString().replace("-", "");

        CreatedApiKey key = client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .bodyValue(Map.of("name", "audited", "roles", List.of("viewer")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();

        await().atMost(Duration.ofSeconds(15)).until(() -> auditRows(key.id().toString()) == 1);
        Map<String, Object> row = jdbc.sql(
                        "select tenant_id, actor, action, resource_type, outcome, trace_id, details::text as details"
                                + " from identity.audit_events where resource_id = :id")
                .param("id", key.id().toString())
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("tenant_id", tenant.id())
                .containsEntry("actor", "key:" + tenant.ownerKeyId())
                .containsEntry("action", "api_key.created")
                .containsEntry("resource_type", "api_key")
                .containsEntry("outcome", "success")
                .containsEntry("trace_id", traceId);
        assertThat((String) row.get("details")).contains(key.prefix()).doesNotContain(key.key());
    }

    @Test
    void revocationIsAuditedOnce() {
        TestTenant tenant = newTenant("audit-revoke");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "revoked", List.of("viewer"), List.of());
        for (int i = 0; i < 2; i++) {
            client().delete()
                    .uri("/api/v1/api-keys/{id}", key.id())
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> auditRows(key.id().toString()) == 2);
        assertThat(jdbc.sql("select action from identity.audit_events where resource_id = :id order by occurred_at")
                        .param("id", key.id().toString())
                        .query(String.class)
                        .list())
                .containsExactly("api_key.created", "api_key.revoked");
    }

    @Test
    void aMessageDeliveredTwiceIsStoredOnce() {
        UUID tenantId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String resourceId = "dup-" + UUID.randomUUID();
        AuditRecorded event = new AuditRecorded(
                tenantId, "service:test", "thing.done", "thing", resourceId, "success", Map.of("n", 1), Instant.now());

        publisher.publish(AuditPublisher.AUDIT, eventId, tenantId, event, 0);
        String second = publisher.publish(AuditPublisher.AUDIT, eventId, tenantId, event, 0);

        await().atMost(Duration.ofSeconds(15)).until(() -> consumed(second));
        assertThat(auditRows(resourceId)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from identity.audit_events where event_id = :id")
                        .param("id", eventId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void ownersListTheirTenantsAuditEventsAndViewersMayNot() {
        TestTenant tenant = newTenant("audit-list");
        CreatedApiKey viewer = createKey(tenant.ownerKey(), null, "viewer", List.of("viewer"), List.of());
        await().atMost(Duration.ofSeconds(15)).until(() -> auditRows(viewer.id().toString()) == 1);

        client().get()
                .uri("/api/v1/audit-events?action=api_key.created")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].resourceId")
                .isEqualTo(viewer.id().toString())
                .jsonPath("$.items[0].tenantId")
                .isEqualTo(tenant.id().toString())
                .jsonPath("$.items[0].traceId")
                .exists();
        client().get()
                .uri("/api/v1/audit-events")
                .header(HttpHeaders.AUTHORIZATION, bearer(viewer.key()))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    private int auditRows(String resourceId) {
        return jdbc.sql("select count(*) from identity.audit_events where resource_id = :id")
                .param("id", resourceId)
                .query(Integer.class)
                .single();
    }

    /** Whether the audit-writer group has read past {@code recordId} and acknowledged everything it read. */
    private boolean consumed(String recordId) {
        StreamInfo.XInfoGroups groups = redis.opsForStream().groups(keys.key(AuditRecorded.STREAM));
        return groups.stream()
                .filter(group -> group.groupName().equals("audit-writer"))
                .anyMatch(group -> !isBefore(group.lastDeliveredId(), recordId) && group.pendingCount() == 0);
    }

    private static boolean isBefore(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c < 0 || (c == 0 && Long.parseLong(x[1]) < Long.parseLong(y[1]));
    }
}
