package com.bl1nk.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.apikey.ApiKeyToken;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.apikey.StoredApiKey;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

class ApiKeyAuthenticationIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    /** What task-service verifies the relayed token with. */
    private final IdentityTokenCodec task = TestIdentities.codec("task");

    @Test
    void forwardsAVerifiableIdentityTokenWithTheKeysTenantRolesAndScopes() {
        TestTenant tenant = newTenant("auth-valid");
        CreatedApiKey key =
                createKey(tenant.ownerKey(), null, "developer key", List.of("developer"), List.of("tasks:write"));
        String path = "/api/v1/tasks/" + UUID.randomUUID();

        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.upstream")
                .isEqualTo(true);

        RecordedRequest upstream = TASK.awaitRequest(path);
        IdentityTokenCodec.Verified verified = task.verify(upstream.getHeaders().get("X-Bl1nk-Identity"));
        assertThat(verified.issuer()).isEqualTo("gateway");
        Identity identity = verified.identity();
        assertThat(identity.tenantId()).isEqualTo(tenant.id());
        assertThat(identity.principal()).isEqualTo("key:" + key.id());
        assertThat(identity.apiKeyId()).isEqualTo(key.id());
        assertThat(identity.roles()).containsExactly("developer");
        assertThat(identity.scopes()).containsExactly("tasks:write");
        assertThat(upstream.getHeaders().get(HttpHeaders.AUTHORIZATION))
                .as("the API key never reaches a service")
                .isNull();
    }

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    StreamKeys streamKeys;

    @Test
    void aForgedApiKeyCacheEntryInRedisIsA401() {
        // what a workload with Redis access could plant: a key record of its own choosing for the victim tenant
        TestTenant victim = newTenant("auth-cache-victim");
        String prefix = "forged" + Long.toString(System.nanoTime(), 36);
        String secret = "s".repeat(43);
        ApiKeyToken token = ApiKeyToken.parse("bl1nk_" + prefix + "_" + secret).orElseThrow();
        StoredApiKey planted = new StoredApiKey(
                UUID.randomUUID(),
                victim.id(),
                prefix,
                token.secretHash(),
                List.of("owner"),
                List.of("platform:admin"),
                null,
                null,
                null,
                true);
        String cacheKey = streamKeys.key("bl1nk:gateway:api-key:" + prefix);
        redis.opsForValue()
                .set(cacheKey, JSON.writeValueAsString(planted), Duration.ofMinutes(1))
                .block();
        expectUnauthenticated(
                client().get()
                        .uri("/api/v1/tasks/" + UUID.randomUUID())
                        .header(HttpHeaders.AUTHORIZATION, bearer("bl1nk_" + prefix + "_" + secret)),
                "The API key is not valid");
        assertThat(redis.hasKey(cacheKey).block())
                .as("the forged entry is dropped")
                .isFalse();
        // a MAC-looking prefix does not help either
        redis.opsForValue()
                .set(cacheKey, "AAAA." + JSON.writeValueAsString(planted), Duration.ofMinutes(1))
                .block();
        expectUnauthenticated(
                client().get()
                        .uri("/api/v1/tasks/" + UUID.randomUUID())
                        .header(HttpHeaders.AUTHORIZATION, bearer("bl1nk_" + prefix + "_" + secret)),
                "The API key is not valid");
    }

    @Test
    void aSealedEntryPastItsTimeIsNotBelievedEvenWithTheRightMac() throws Exception {
        // what only the gateway could make: a correctly sealed record, once valid, put back after its time
        TestTenant victim = newTenant("auth-cache-replay");
        String prefix = "replay" + Long.toString(System.nanoTime(), 36);
        String secret = "r".repeat(43);
        ApiKeyToken token = ApiKeyToken.parse("bl1nk_" + prefix + "_" + secret).orElseThrow();
        StoredApiKey record = new StoredApiKey(
                UUID.randomUUID(),
                victim.id(),
                prefix,
                token.secretHash(),
                List.of("owner"),
                List.of(),
                null,
                null,
                null,
                true);
        String cacheKey = streamKeys.key("bl1nk:gateway:api-key:" + prefix);
        String json = JSON.writeValueAsString(record);
        redis.opsForValue()
                .set(cacheKey, sealAsTheGateway(cacheKey, (System.currentTimeMillis() - 1_000) + "." + json))
                .block();
        expectUnauthenticated(
                client().get()
                        .uri("/api/v1/tasks/" + UUID.randomUUID())
                        .header(HttpHeaders.AUTHORIZATION, bearer("bl1nk_" + prefix + "_" + secret)),
                "The API key is not valid");
        // the same record sealed with a time still ahead is believed: the MAC and the time are what count
        redis.opsForValue()
                .set(cacheKey, sealAsTheGateway(cacheKey, (System.currentTimeMillis() + 30_000) + "." + json))
                .block();
        client().get()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer("bl1nk_" + prefix + "_" + secret))
                .exchange()
                .expectStatus()
                .isOk();
        redis.delete(cacheKey).block();
    }

    /** The gateway's seal, computed with the test gateway key's derived secret. */
    private static String sealAsTheGateway(String cacheKey, String payload) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                TestIdentities.codec().derivedSecret("api-key cache"), "HmacSHA256"));
        mac.update(cacheKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] tag = mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(tag) + "." + payload;
    }

    @Test
    void aRealKeyIsServedFromItsSealedCacheEntry() {
        TestTenant tenant = newTenant("auth-cache-real");
        String prefix = ApiKeyToken.parse(tenant.ownerKey()).orElseThrow().prefix();
        String path = "/api/v1/tasks/" + UUID.randomUUID();
        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk();
        String cached = redis.opsForValue()
                .get(streamKeys.key("bl1nk:gateway:api-key:" + prefix))
                .block();
        assertThat(cached).as("sealed: <mac>.<record>").matches("[A-Za-z0-9_-]{43}\\.\\d{13}\\.\\{.*");
        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aMissingOrBadKeyUnderV1IsA401InOpenAisErrorShape() {
        for (String key : new String[] {null, "bl1nk_abcdefghijkl_notarealsecretnotarealsecret00"}) {
            var request = client().post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON);
            if (key != null) {
                request = request.header(HttpHeaders.AUTHORIZATION, bearer(key));
            }
            request.bodyValue("{\"model\":\"mock-gpt\",\"messages\":[]}")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectHeader()
                    .exists(HttpHeaders.WWW_AUTHENTICATE)
                    .expectBody()
                    .jsonPath("$.error.type")
                    .isEqualTo("authentication_error")
                    .jsonPath("$.error.code")
                    .isEqualTo("unauthenticated")
                    .jsonPath("$.error.message")
                    .isNotEmpty();
        }
    }

    @Test
    void rejectsARequestWithoutKeyWith401Problem() {
        expectUnauthenticated(client().get().uri("/api/v1/tasks/" + UUID.randomUUID()), "An API key is required");
    }

    @Test
    void rejectsMalformedAuthorizationHeaders() {
        for (String header : List.of(
                "Basic dXNlcjpwYXNz",
                "Bearer not-a-bl1nk-key",
                "Bearer bl1nk_UPPER_secretsecretsecretsecret1",
                "Bearer bl1nk_abcdefgh_short",
                "Bearer bl1nk_abcdefghijkl_secret-with-dash-secret-secret")) {
            expectUnauthenticated(
                    client().get().uri("/api/v1/tasks/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, header),
                    header.startsWith("Basic") ? "Bearer" : "malformed");
        }
    }

    @Test
    void rejectsAnUnknownKeyAndAWrongSecretAlike() {
        TestTenant tenant = newTenant("auth-unknown");
        String prefix = tenant.ownerKey().split("_")[1];
        String unknown = "bl1nk_zzzzzzzzzzzz_" + "A".repeat(43);
        String wrongSecret = "bl1nk_" + prefix + "_" + "B".repeat(43);

        for (String key : List.of(unknown, wrongSecret)) {
            expectUnauthenticated(
                    client().get().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, bearer(key)),
                    "The API key is not valid");
        }
    }

    @Test
    void aRevokedKeyStopsWorkingImmediatelyEvenWhenCached() {
        TestTenant tenant = newTenant("auth-revoked");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "to revoke", List.of("viewer"), List.of());
        String path = "/api/v1/tasks/" + UUID.randomUUID();
        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                .exchange()
                .expectStatus()
                .isOk();

        client().delete()
                .uri("/api/v1/api-keys/{id}", key.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();

        expectUnauthenticated(
                client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(key.key())),
                "The API key has been revoked");
    }

    @Test
    void rejectsAnExpiredKey() {
        TestTenant tenant = newTenant("auth-expired");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "expiring", List.of("viewer"), List.of());
        jdbc.sql("update identity.api_keys set expires_at = :at where id = :id")
                .param("at", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
                .param("id", key.id())
                .update();

        expectUnauthenticated(
                client().get()
                        .uri("/api/v1/tasks/" + UUID.randomUUID())
                        .header(HttpHeaders.AUTHORIZATION, bearer(key.key())),
                "The API key expired");
    }

    @Test
    void aForgedIdentityHeaderFromTheClientNeverReachesUpstream() {
        TestTenant victim = newTenant("auth-victim");
        TestTenant attacker = newTenant("auth-attacker");
        String forged = TestIdentities.token(new Identity(victim.id(), "key:forged", Set.of("owner"), null, null));
        String path = "/api/v1/agents/" + UUID.randomUUID();

        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(attacker.ownerKey()))
                .header("X-Bl1nk-Identity", forged)
                .header("x-bl1nk-tenant", victim.id().toString())
                .exchange()
                .expectStatus()
                .isOk();

        RecordedRequest upstream = TASK.awaitRequest(path);
        assertThat(upstream.getHeaders().values("X-Bl1nk-Identity")).hasSize(1).doesNotContain(forged);
        assertThat(task.verify(upstream.getHeaders().get("X-Bl1nk-Identity"))
                        .identity()
                        .tenantId())
                .isEqualTo(attacker.id());
        assertThat(upstream.getHeaders().get("X-Bl1nk-Tenant")).isNull();
    }

    @Test
    void theGithubWebhookIsForwardedWithoutKeyAndWithoutAnyIdentityHeader() {
        String forged = TestIdentities.token(new Identity(UUID.randomUUID(), "key:forged", null, null, null));
        TASK.script(
                "/api/v1/webhooks/github",
                () -> new MockResponse.Builder().code(202).build());

        client().post()
                .uri("/api/v1/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "issues")
                .header("X-Hub-Signature-256", "sha256=abc")
                .header("X-Bl1nk-Identity", forged)
                .bodyValue("{\"action\":\"opened\"}")
                .exchange()
                .expectStatus()
                .isAccepted();

        RecordedRequest upstream = TASK.awaitRequest("/api/v1/webhooks/github");
        assertThat(upstream.getHeaders().get("X-Bl1nk-Identity")).isNull();
        assertThat(upstream.getHeaders().get("X-Hub-Signature-256")).isEqualTo("sha256=abc");
        assertThat(upstream.getBody().utf8()).isEqualTo("{\"action\":\"opened\"}");
    }

    @Test
    void recordsLastUsedAtLazily() {
        TestTenant tenant = newTenant("auth-last-used");
        Instant before = Instant.now().minusSeconds(1);
        client().get()
                .uri("/api/v1/tenants/{id}", tenant.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.sql("select last_used_at from identity.api_keys where id = :id")
                                .param("id", tenant.ownerKeyId())
                                .query(OffsetDateTime.class)
                                .optional())
                        .hasValueSatisfying(at -> assertThat(at.toInstant()).isAfter(before)));
    }

    private static void expectUnauthenticated(WebTestClient.RequestHeadersSpec<?> request, String detailContains) {
        request.exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "^Bearer realm=\"bl1nk\".*")
                .expectHeader()
                .exists("X-Trace-Id")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthenticated")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains(detailContains))
                .jsonPath("$.traceId")
                .exists();
    }
}
