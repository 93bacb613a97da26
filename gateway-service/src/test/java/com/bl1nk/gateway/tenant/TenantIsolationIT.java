package com.bl1nk.gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Tenant B must never read or change tenant A's data; to B, A's resources look exactly like missing ones. */
class TenantIsolationIT extends GatewayIntegrationTest {

    @Test
    void tenantBCannotReadOrRevokeTenantAsKey() {
        TestTenant a = newTenant("iso-a");
        TestTenant b = newTenant("iso-b");
        CreatedApiKey aKey = createKey(a.ownerKey(), null, "a's key", List.of("viewer"), List.of());

        client().get()
                .uri("/api/v1/api-keys/{id}", aKey.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not_found");
        client().delete()
                .uri("/api/v1/api-keys/{id}", aKey.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();

        client().get()
                .uri("/api/v1/tenants/{id}", a.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(aKey.key()))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(jdbc.sql("select revoked_at is null from identity.api_keys where id = :id")
                        .param("id", aKey.id())
                        .query(Boolean.class)
                        .single())
                .isTrue();
        String bList = client().get()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(bList).doesNotContain(aKey.id().toString()).doesNotContain(a.id().toString());
    }

    @Test
    void tenantBCannotReadTenantAOrCreateKeysInIt() {
        TestTenant a = newTenant("iso-tenant-a");
        TestTenant b = newTenant("iso-tenant-b");

        client().get()
                .uri("/api/v1/tenants/{id}", a.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();
        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .bodyValue(Map.of("name", "intruder", "roles", List.of("owner"), "tenantId", a.id()))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(jdbc.sql("select count(*) from identity.api_keys where tenant_id = :t and name = 'intruder'")
                        .param("t", a.id())
                        .query(Integer.class)
                        .single())
                .isZero();

        client().get()
                .uri("/api/v1/tenants/{id}", b.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.slug")
                .isEqualTo(b.slug());
        client().get()
                .uri("/api/v1/tenants/{id}", a.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void tenantBSeesNoneOfTenantAsAuditEvents() {
        TestTenant a = newTenant("iso-audit-a");
        TestTenant b = newTenant("iso-audit-b");
        CreatedApiKey aKey = createKey(a.ownerKey(), null, "audited", List.of("viewer"), List.of());

        await().atMost(Duration.ofSeconds(15))
                .until(() -> jdbc.sql("select count(*) from identity.audit_events where resource_id = :id")
                                .param("id", aKey.id().toString())
                                .query(Integer.class)
                                .single()
                        == 1);
        String bAudit = client().get()
                .uri("/api/v1/audit-events?limit=200")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(bAudit).doesNotContain(aKey.id().toString()).doesNotContain(a.id().toString());
    }

    @Test
    void onlyPlatformAdminsCreateTenantsAndSlugsAreUnique() {
        TestTenant a = newTenant("iso-create");
        client().post()
                .uri("/api/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, bearer(a.ownerKey()))
                .bodyValue(Map.of("slug", "not-allowed-" + a.slug(), "name", "x"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("missing_scope");
        client().post()
                .uri("/api/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .bodyValue(Map.of("slug", a.slug(), "name", "again"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("slug_taken");
        client().post()
                .uri("/api/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .bodyValue(Map.of("slug", "Bad Slug!", "name", ""))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from identity.tenants where slug = 'Bad Slug!'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
