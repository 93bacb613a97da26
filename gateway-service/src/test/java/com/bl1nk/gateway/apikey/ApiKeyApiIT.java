package com.bl1nk.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class ApiKeyApiIT extends GatewayIntegrationTest {

    @Test
    void createsListsGetsAndRevokesKeysShowingTheSecretOnlyOnce() {
        TestTenant tenant = newTenant("keys-crud");

        EntityExchangeResult<CreatedApiKey> created = client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of(
                        "name",
                        "ci",
                        "roles",
                        List.of("developer"),
                        "scopes",
                        List.of("tasks:write"),
                        "expiresAt",
                        "2099-01-01T00:00:00Z"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult();
        CreatedApiKey key = created.getResponseBody();
        assertThat(created.getResponseHeaders().getLocation()).hasToString("/api/v1/api-keys/" + key.id());
        assertThat(key.key()).startsWith("bl1nk_" + key.prefix() + "_");
        assertThat(key.tenantId()).isEqualTo(tenant.id());
        String secret = key.key().substring(("bl1nk_" + key.prefix() + "_").length());

        String list = client().get()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(list).contains(key.id().toString()).doesNotContain(secret).doesNotContain("\"key\"");

        client().get()
                .uri("/api/v1/api-keys/{id}", key.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active")
                .jsonPath("$.expiresAt")
                .isEqualTo("2099-01-01T00:00:00Z")
                .jsonPath("$.createdBy")
                .isEqualTo("key:" + tenant.ownerKeyId());

        for (int i = 0; i < 2; i++) {
            client().delete()
                    .uri("/api/v1/api-keys/{id}", key.id())
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
        }
        client().get()
                .uri("/api/v1/api-keys/{id}", key.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("revoked");
    }

    @Test
    void storesOnlyTheHashOfTheSecret() {
        TestTenant tenant = newTenant("keys-hash");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "hashed", List.of("viewer"), List.of());
        ApiKeyToken token = ApiKeyToken.parse(key.key()).orElseThrow();

        String stored = jdbc.sql("select secret_hash from identity.api_keys where id = :id")
                .param("id", key.id())
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo(token.secretHash()).doesNotContain(token.secret());
        Integer rowsWithSecret = jdbc.sql(
                        "select count(*) from identity.api_keys k where k::text like '%' || :secret || '%'")
                .param("secret", token.secret())
                .query(Integer.class)
                .single();
        assertThat(rowsWithSecret).isZero();
    }

    @Test
    void idempotencyKeyReplaysTheFirstCreationWithoutTheSecretAndRefusesAnotherBody() {
        TestTenant tenant = newTenant("keys-idem");
        String idempotencyKey = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "idem", "roles", List.of("viewer"));

        CreatedApiKey first = createIdempotently(tenant, idempotencyKey, body)
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();
        CreatedApiKey replay = createIdempotently(tenant, idempotencyKey, body)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Idempotent-Replayed", "true")
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();

        assertThat(replay.id()).isEqualTo(first.id());
        assertThat(first.key()).isNotNull();
        assertThat(replay.key())
                .as("the secret is never stored, so a replay cannot show it")
                .isNull();
        assertThat(keyCount(tenant.id(), "idem")).isEqualTo(1);
        String storedResponse = jdbc.sql("select response_body from identity.idempotency_keys where idem_key = :k")
                .param("k", idempotencyKey)
                .query(String.class)
                .single();
        assertThat(storedResponse).doesNotContain(first.key());

        createIdempotently(tenant, idempotencyKey, Map.of("name", "other", "roles", List.of("viewer")))
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("idempotency_key_reused");
    }

    @Test
    void concurrentDuplicatesWithOneIdempotencyKeyCreateOneKey() throws Exception {
        TestTenant tenant = newTenant("keys-idem-race");
        String idempotencyKey = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "race", "roles", List.of("viewer"));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                statuses.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return createIdempotently(tenant, idempotencyKey, body)
                                    .expectBody(String.class)
                                    .returnResult()
                                    .getStatus()
                                    .value();
                        },
                        pool));
            }
            start.countDown();
            Set<Integer> seen = new HashSet<>();
            for (CompletableFuture<Integer> status : statuses) {
                seen.add(status.get());
            }
            assertThat(seen).contains(201).isSubsetOf(201, 409);
        }
        assertThat(keyCount(tenant.id(), "race")).isEqualTo(1);
    }

    @Test
    void badInputIsA400ProblemAndStoresNothing() {
        TestTenant tenant = newTenant("keys-bad");
        int before = keyCount(tenant.id(), null);
        List<String> badBodies = List.of(
                "{\"roles\":[\"viewer\"]}",
                "{\"name\":\"  \",\"roles\":[\"viewer\"]}",
                "{\"name\":\"x\",\"roles\":[]}",
                "{\"name\":\"x\",\"roles\":[\"superuser\"]}",
                "{\"name\":\"x\",\"roles\":[\"viewer\"],\"scopes\":[\"Not A Scope\"]}",
                // a scope must be a permission the platform knows, or <resource>:*
                "{\"name\":\"x\",\"roles\":[\"viewer\"],\"scopes\":[\"tasks:everything\"]}",
                "{\"name\":\"x\",\"roles\":[\"viewer\"],\"scopes\":[\"nonsense:*\"]}",
                "{\"name\":\"x\",\"roles\":[\"viewer\"],\"expiresAt\":\"next tuesday\"}",
                "{\"name\":\"x\",\"roles\":[\"viewer\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
                "{\"name\":\"x\",\"roles\":\"viewer\"",
                "not json at all",
                "");
        for (String body : badBodies) {
            client().post()
                    .uri("/api/v1/api-keys")
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(400)
                    .jsonPath("$.code")
                    .value(
                            String.class,
                            code -> assertThat(code)
                                    .as(body)
                                    .isIn("validation_failed", "malformed_body", "invalid_request", "bad_request"));
        }
        assertThat(keyCount(tenant.id(), null)).isEqualTo(before);
    }

    @Test
    void malformedRequestsAreClientErrorsNeverServerErrors() {
        TestTenant tenant = newTenant("keys-malformed");
        for (String path :
                List.of("/api/v1/api-keys/not-a-uuid", "/api/v1/api-keys?limit=many", "/api/v1/tenants/42")) {
            client().get()
                    .uri(path)
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("name=x")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client().post()
                .uri("/api/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slug\":")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed_body");
    }

    @Test
    void validationErrorsNameTheirFields() {
        TestTenant tenant = newTenant("keys-fields");
        JsonNode problem = client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("name", "", "roles", List.of("root"), "expiresAt", "yesterday"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("name", "roles", "expiresAt");
    }

    @Test
    void listsPageWithACursor() {
        TestTenant tenant = newTenant("keys-pages");
        for (int i = 0; i < 4; i++) {
            createKey(tenant.ownerKey(), null, "page " + i, List.of("viewer"), List.of());
        }
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String uri = "/api/v1/api-keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = client().get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            page.get("items")
                    .forEach(item ->
                            assertThat(ids.add(item.get("id").asString())).isTrue());
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(ids).hasSize(5);
        assertThat(pages).isEqualTo(3);

        for (String bad : List.of("?cursor=%25%25%25", "?limit=0", "?limit=201")) {
            client().get()
                    .uri("/api/v1/api-keys" + bad)
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
        }
    }

    @Test
    void onlyOwnersAndAdminsManageKeysAndNobodyGrantsMoreThanTheyHold() {
        TestTenant tenant = newTenant("keys-rbac");
        CreatedApiKey developer = createKey(tenant.ownerKey(), null, "dev", List.of("developer"), List.of());
        CreatedApiKey admin = createKey(tenant.ownerKey(), null, "admin", List.of("admin"), List.of());

        post(developer.key(), Map.of("name", "x", "roles", List.of("viewer")))
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("missing_role");
        client().get()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(developer.key()))
                .exchange()
                .expectStatus()
                .isForbidden();
        post(admin.key(), Map.of("name", "x", "roles", List.of("owner")))
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("role_not_grantable");
        post(tenant.ownerKey(), Map.of("name", "x", "roles", List.of("viewer"), "scopes", List.of("platform:admin")))
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("scope_not_grantable");
        post(admin.key(), Map.of("name", "ok", "roles", List.of("developer"))).isCreated();
    }

    @Test
    void aKeyNarrowedByScopesCannotMintABroaderKey() {
        TestTenant tenant = newTenant("keys-narrow");
        CreatedApiKey rotator =
                createKey(tenant.ownerKey(), null, "ci rotator", List.of("admin"), List.of("keys:admin"));
        // all the role allows (no scopes) would be more than the caller holds
        post(rotator.key(), Map.of("name", "full admin", "roles", List.of("admin")))
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("scope_not_grantable");
        // and so would a scope the caller lacks
        post(rotator.key(), Map.of("name", "tasks", "roles", List.of("admin"), "scopes", List.of("tasks:write")))
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("scope_not_grantable");
        // the same or a narrower key is fine
        post(rotator.key(), Map.of("name", "next rotator", "roles", List.of("admin"), "scopes", List.of("keys:admin")))
                .isCreated();
    }

    @Test
    void aTenantHoldsAtMostItsQuotaOfActiveKeys() {
        TestTenant tenant = newTenant("keys-quota");
        TestTenant other = newTenant("keys-quota-other");
        // the owner key is the first
        CreatedApiKey last = null;
        for (int i = 1; i < MAX_KEYS_PER_TENANT; i++) {
            last = createKey(tenant.ownerKey(), null, "key " + i, List.of("viewer"), List.of());
        }
        assertThat(keyCount(tenant.id(), null)).isEqualTo(MAX_KEYS_PER_TENANT);
        post(tenant.ownerKey(), Map.of("name", "one too many", "roles", List.of("viewer")))
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("quota_exceeded")
                .jsonPath("$.limit")
                .isEqualTo(MAX_KEYS_PER_TENANT);
        assertThat(keyCount(tenant.id(), null)).isEqualTo(MAX_KEYS_PER_TENANT);
        // another tenant is not affected, and a revoked key frees its slot
        post(other.ownerKey(), Map.of("name", "fine", "roles", List.of("viewer")))
                .isCreated();
        client().delete()
                .uri("/api/v1/api-keys/" + last.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();
        post(tenant.ownerKey(), Map.of("name", "after revoking", "roles", List.of("viewer")))
                .isCreated();
    }

    @Test
    void anAdminCannotRevokeAnOwnersKeyButAnOwnerCan() {
        TestTenant tenant = newTenant("keys-owner-guard");
        CreatedApiKey admin = createKey(tenant.ownerKey(), null, "admin", List.of("admin"), List.of());
        CreatedApiKey secondOwner = createKey(tenant.ownerKey(), null, "second owner", List.of("owner"), List.of());
        client().delete()
                .uri("/api/v1/api-keys/" + tenant.ownerKeyId())
                .header(HttpHeaders.AUTHORIZATION, bearer(admin.key()))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("owner_key");
        // the owner's key still works
        client().get()
                .uri("/api/v1/api-keys/" + tenant.ownerKeyId())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");
        // an admin may still revoke non-owner keys, and an owner may revoke another owner's key
        CreatedApiKey developer = createKey(tenant.ownerKey(), null, "dev", List.of("developer"), List.of());
        client().delete()
                .uri("/api/v1/api-keys/" + developer.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(admin.key()))
                .exchange()
                .expectStatus()
                .isNoContent();
        client().delete()
                .uri("/api/v1/api-keys/" + secondOwner.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private StatusAssertions post(String key, Map<String, Object> body) {
        return client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .bodyValue(body)
                .exchange()
                .expectStatus();
    }

    private WebTestClient.ResponseSpec createIdempotently(
            TestTenant tenant, String idempotencyKey, Map<String, Object> body) {
        return client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .header("Idempotency-Key", idempotencyKey)
                .bodyValue(body)
                .exchange();
    }

    private int keyCount(UUID tenantId, String name) {
        return jdbc.sql(
                        "select count(*) from identity.api_keys where tenant_id = :t and (:n::text is null or name = :n)")
                .param("t", tenantId)
                .param("n", name)
                .query(Integer.class)
                .single();
    }
}
