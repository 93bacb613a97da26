package com.bl1nk.gateway.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Service accounts on the real Postgres and Redis: CRUD, their keys, disabling, isolation and roles. */
class ServiceAccountIT extends GatewayIntegrationTest {

    @Test
    void aDisabledServiceAccountsKeysAre401OnTheNextRequestAndWorkAgainWhenEnabled() {
        TestTenant tenant = newTenant("sa-disable");
        ServiceAccountView account = create(tenant.ownerKey(), "ci", "GitHub Actions");
        CreatedApiKey key = keyFor(tenant.ownerKey(), account.id());
        assertThat(key.serviceAccountId()).isEqualTo(account.id());
        assertThat(status(key.key())).isEqualTo(HttpStatus.OK); // now cached

        patch(tenant.ownerKey(), account.id(), Map.of("disabled", true))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("disabled");

        client().get()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("service account"));
        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("name", "more", "roles", List.of("developer"), "serviceAccountId", account.id()))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("service_account_disabled");

        patch(tenant.ownerKey(), account.id(), Map.of("disabled", false))
                .expectStatus()
                .isOk();
        assertThat(status(key.key())).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anAdminCannotStopAServiceAccountThatHoldsAnOwnersKey() {
        TestTenant tenant = newTenant("sa-owner-key");
        ServiceAccountView account = create(tenant.ownerKey(), "root-bot", "holds an owner key");
        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("name", "owner bot", "roles", List.of("owner"), "serviceAccountId", account.id()))
                .exchange()
                .expectStatus()
                .isCreated();
        CreatedApiKey admin = createKey(tenant.ownerKey(), null, "admin", List.of("admin"), List.of());

        patch(admin.key(), account.id(), Map.of("disabled", true))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("owner_key");
        client().delete()
                .uri("/api/v1/service-accounts/{id}", account.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(admin.key()))
                .exchange()
                .expectStatus()
                .isForbidden();
        patch(tenant.ownerKey(), account.id(), Map.of("disabled", true))
                .expectStatus()
                .isOk();
    }

    @Test
    void createsListsRenamesAndDeletesAServiceAccountRevokingItsKeys() {
        TestTenant tenant = newTenant("sa-crud");
        ServiceAccountView account = create(tenant.ownerKey(), "backend", null);
        assertThat(account.status()).isEqualTo("active");
        assertThat(account.createdBy()).isEqualTo("key:" + tenant.ownerKeyId());
        CreatedApiKey key = keyFor(tenant.ownerKey(), account.id());

        client().get()
                .uri("/api/v1/service-accounts")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].id")
                .isEqualTo(account.id().toString());
        patch(tenant.ownerKey(), account.id(), Map.of("name", "backend-2", "description", "the API server"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("backend-2")
                .jsonPath("$.description")
                .isEqualTo("the API server");
        client().post()
                .uri("/api/v1/service-accounts")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("name", "backend-2"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("service_account_name_taken");

        client().delete()
                .uri("/api/v1/service-accounts/{id}", account.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();

        assertThat(status(key.key())).isEqualTo(HttpStatus.UNAUTHORIZED);
        client().get()
                .uri("/api/v1/api-keys/{id}", key.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("revoked");
        client().get()
                .uri("/api/v1/service-accounts/{id}", account.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();
        // the name is free again
        create(tenant.ownerKey(), "backend-2", null);
    }

    @Test
    void anotherTenantCannotSeeChangeOrUseTheServiceAccounts() {
        TestTenant a = newTenant("sa-iso-a");
        TestTenant b = newTenant("sa-iso-b");
        ServiceAccountView account = create(a.ownerKey(), "a-ci", null);

        String listed = client().get()
                .uri("/api/v1/service-accounts")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).doesNotContain(account.id().toString());
        client().get()
                .uri("/api/v1/service-accounts/{id}", account.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();
        patch(b.ownerKey(), account.id(), Map.of("disabled", true))
                .expectStatus()
                .isNotFound();
        client().delete()
                .uri("/api/v1/service-accounts/{id}", account.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();
        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .bodyValue(Map.of("name", "steal", "roles", List.of("developer"), "serviceAccountId", account.id()))
                .exchange()
                .expectStatus()
                .isNotFound();

        client().get()
                .uri("/api/v1/service-accounts/{id}", account.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(a.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");
    }

    @Test
    void aViewerOrDeveloperCannotManageServiceAccounts() {
        TestTenant tenant = newTenant("sa-roles");
        ServiceAccountView account = create(tenant.ownerKey(), "ci", null);
        for (String role : List.of("viewer", "developer")) {
            String key = createKey(tenant.ownerKey(), null, role, List.of(role), List.of())
                    .key();
            client().post()
                    .uri("/api/v1/service-accounts")
                    .header(HttpHeaders.AUTHORIZATION, bearer(key))
                    .bodyValue(Map.of("name", "mine"))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            client().get()
                    .uri("/api/v1/service-accounts")
                    .header(HttpHeaders.AUTHORIZATION, bearer(key))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            patch(key, account.id(), Map.of("disabled", true)).expectStatus().isForbidden();
        }
        String admin = createKey(tenant.ownerKey(), null, "admin", List.of("admin"), List.of())
                .key();
        patch(admin, account.id(), Map.of("description", "by an admin"))
                .expectStatus()
                .isOk();
    }

    @Test
    void badInputIs400NamingTheFieldAndWritesNothing() {
        TestTenant tenant = newTenant("sa-bad");
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("name", "n".repeat(101)),
                Map.of("name", " "),
                Map.of("name", "ok", "description", "d".repeat(1001)))) {
            String field = body.containsKey("description") ? "description" : "name";
            client().post()
                    .uri("/api/v1/service-accounts")
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo(field);
        }
        assertThat(jdbc.sql("select count(*) from identity.service_accounts where tenant_id = :t")
                        .param("t", tenant.id())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private ServiceAccountView create(String callerKey, String name, String description) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", name);
        body.put("description", description);
        return client().post()
                .uri("/api/v1/service-accounts")
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(ServiceAccountView.class)
                .returnResult()
                .getResponseBody();
    }

    private CreatedApiKey keyFor(String callerKey, UUID serviceAccountId) {
        return client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey))
                .bodyValue(
                        Map.of("name", "sa key", "roles", List.of("developer"), "serviceAccountId", serviceAccountId))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec patch(String callerKey, UUID id, Map<String, Object> body) {
        return client().patch()
                .uri("/api/v1/service-accounts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey))
                .bodyValue(body)
                .exchange();
    }

    private HttpStatus status(String key) {
        return HttpStatus.valueOf(client().get()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value());
    }
}
