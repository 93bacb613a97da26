package com.bl1nk.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API-key lifecycle on the real Postgres and Redis: the checksummed format, rotation with a deadline, expiry,
 * model allowlists in the relayed identity, user owners whose membership is checked on every use, last use and IP.
 */
class ApiKeyLifecycleIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What task-service verifies the relayed token with. */
    private final IdentityTokenCodec task = TestIdentities.codec("task");

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApiKeyUsageRecorder usage;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    StreamKeys streamKeys;

    @Test
    void everyNewKeyCarriesAChecksumThatTheScannerRegexFinds() {
        TestTenant tenant = newTenant("life-format");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "ci", List.of("developer"), List.of());

        assertThat(key.key()).matches(ApiKeyToken.SCANNER_REGEX.replace("\\b", ""));
        assertThat(Pattern.compile(ApiKeyToken.SCANNER_REGEX)
                        .matcher("token: " + key.key())
                        .find())
                .isTrue();
        assertThat(adminKey())
                .as("the bootstrap key has the new format too")
                .matches(ApiKeyToken.SCANNER_REGEX.replace("\\b", ""));
        assertThat(status(key.key())).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aKeyWithAWrongChecksumIs401WithoutAnyDatabaseLookup() {
        TestTenant tenant = newTenant("life-checksum");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "ci", List.of("developer"), List.of());
        String value = key.key();
        char last = value.charAt(value.length() - 1);
        String wrong = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
        double lookupsBefore = databaseLookups();

        client().get()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(wrong))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("checksum"));

        assertThat(databaseLookups())
                .as("the prefix exists, yet the database was not asked")
                .isEqualTo(lookupsBefore);
        // the real key (not cached yet) is looked up in the database: the counter does count lookups
        assertThat(status(value)).isEqualTo(HttpStatus.OK);
        assertThat(databaseLookups()).isEqualTo(lookupsBefore + 1);
    }

    @Test
    void aRotatedKeyKeepsWorkingUntilItsDeadlineAndNotAfter() {
        TestTenant tenant = newTenant("life-rotate");
        CreatedApiKey old = createKey(
                tenant.ownerKey(), null, "deploy", List.of("developer"), List.of("tasks:write"), List.of("gpt-4o*"));
        assertThat(status(old.key())).isEqualTo(HttpStatus.OK); // cached now, for the cache TTL of 30 s
        Instant deadline = Instant.now().plusSeconds(8);

        RotatedApiKey rotated = rotate(tenant.ownerKey(), old.id(), deadline.toString())
                .expectStatus()
                .isOk()
                .expectBody(RotatedApiKey.class)
                .returnResult()
                .getResponseBody();

        CreatedApiKey replacement = rotated.newKey();
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(replacement.key()).isNotEqualTo(old.key()).matches(ApiKeyToken.SCANNER_REGEX.replace("\\b", ""));
        assertThat(replacement.name()).isEqualTo("deploy");
        assertThat(replacement.roles()).containsExactly("developer");
        assertThat(replacement.scopes()).containsExactly("tasks:write");
        assertThat(replacement.allowedModels()).containsExactly("gpt-4o*");
        assertThat(rotated.previousKeyValidUntil()).isBetween(deadline.minusMillis(1), deadline.plusMillis(1));
        assertThat(status(replacement.key())).isEqualTo(HttpStatus.OK);
        assertThat(status(old.key())).as("before the deadline").isEqualTo(HttpStatus.OK);

        // the old key's cache entry (re-read after the rotation evicted it, twice) is sealed to end at the deadline
        String cacheKey = streamKeys.key("bl1nk:gateway:api-key:" + old.prefix());
        String sealed = await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            assertThat(status(old.key()))
                                    .as("before the deadline")
                                    .isEqualTo(HttpStatus.OK);
                            return redis.opsForValue().get(cacheKey).block();
                        },
                        entry -> entry != null);
        String payload = sealed.substring(sealed.indexOf('.') + 1);
        long validUntil = Long.parseLong(payload.substring(0, payload.indexOf('.')));
        assertThat(validUntil).isLessThanOrEqualTo(deadline.toEpochMilli());

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(old.key()) == HttpStatus.UNAUTHORIZED);
        assertThat(Instant.now()).isAfterOrEqualTo(deadline);
        assertThat(status(replacement.key())).as("the new key is unaffected").isEqualTo(HttpStatus.OK);

        JsonNode view = view(tenant.ownerKey(), old.id());
        assertThat(view.path("status").asString()).isEqualTo("expired");
        assertThat(view.path("replacedBy").asString())
                .isEqualTo(replacement.id().toString());
        awaitAudit(tenant.id(), "api_key.rotated", old.id());
    }

    @Test
    void rotatingWithDeadlineNowStopsTheOldKeyOnTheNextRequestAndASecondRotationIs409() {
        TestTenant tenant = newTenant("life-rotate-now");
        CreatedApiKey old = createKey(tenant.ownerKey(), null, "deploy", List.of("developer"), List.of());
        assertThat(status(old.key())).isEqualTo(HttpStatus.OK);

        RotatedApiKey rotated = rotate(tenant.ownerKey(), old.id(), "now")
                .expectStatus()
                .isOk()
                .expectBody(RotatedApiKey.class)
                .returnResult()
                .getResponseBody();

        assertThat(status(old.key())).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status(rotated.newKey().key())).isEqualTo(HttpStatus.OK);
        rotate(tenant.ownerKey(), old.id(), null)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("key_not_rotatable");

        CreatedApiKey revoked = createKey(tenant.ownerKey(), null, "gone", List.of("viewer"), List.of());
        client().delete()
                .uri("/api/v1/api-keys/{id}", revoked.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();
        rotate(tenant.ownerKey(), revoked.id(), null)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("revoked"));
    }

    @Test
    void aRotationWithoutDeadlineKeepsTheOldKeyForTheDefault24Hours() {
        TestTenant tenant = newTenant("life-rotate-default");
        CreatedApiKey old = createKey(tenant.ownerKey(), null, "deploy", List.of("developer"), List.of());
        Instant before = Instant.now();

        RotatedApiKey rotated = rotate(tenant.ownerKey(), old.id(), null)
                .expectStatus()
                .isOk()
                .expectBody(RotatedApiKey.class)
                .returnResult()
                .getResponseBody();

        assertThat(rotated.previousKeyValidUntil())
                .isAfterOrEqualTo(before.plus(Duration.ofHours(24)))
                .isBefore(before.plus(Duration.ofHours(24)).plusSeconds(60));
        assertThat(view(tenant.ownerKey(), old.id()).path("status").asString()).isEqualTo("rotated");
        assertThat(status(old.key())).isEqualTo(HttpStatus.OK);
    }

    @Test
    void badRotationDeadlinesAre400NamingTheFieldAndRotateNothing() {
        TestTenant tenant = newTenant("life-rotate-bad");
        CreatedApiKey old = createKey(tenant.ownerKey(), null, "deploy", List.of("developer"), List.of());
        int keysBefore = keyCount(tenant.id());

        for (String deadline : new String[] {
            Instant.now().minusSeconds(60).toString(),
            Instant.now().plus(Duration.ofDays(31)).toString(),
            "tomorrow"
        }) {
            rotate(tenant.ownerKey(), old.id(), deadline)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("deadline");
        }

        assertThat(keyCount(tenant.id())).isEqualTo(keysBefore);
        assertThat(view(tenant.ownerKey(), old.id()).path("status").asString()).isEqualTo("active");
    }

    @Test
    void anAdminCannotRotateAnOwnersKeyAndAViewerOrDeveloperCannotManageKeys() {
        TestTenant tenant = newTenant("life-rotate-roles");
        CreatedApiKey admin = createKey(tenant.ownerKey(), null, "admin", List.of("admin"), List.of());
        CreatedApiKey developer = createKey(tenant.ownerKey(), null, "dev", List.of("developer"), List.of());
        CreatedApiKey viewer = createKey(tenant.ownerKey(), null, "viewer", List.of("viewer"), List.of());

        rotate(admin.key(), tenant.ownerKeyId(), null)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("owner_key");
        for (CreatedApiKey weak : List.of(developer, viewer)) {
            rotate(weak.key(), developer.id(), null).expectStatus().isForbidden();
            client().get()
                    .uri("/api/v1/api-keys")
                    .header(HttpHeaders.AUTHORIZATION, bearer(weak.key()))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        rotate(admin.key(), developer.id(), "now").expectStatus().isOk();
    }

    @Test
    void anotherTenantCannotListRotateOrRevokeTheKeys() {
        TestTenant a = newTenant("life-iso-a");
        TestTenant b = newTenant("life-iso-b");
        CreatedApiKey key = createKey(a.ownerKey(), null, "a's key", List.of("developer"), List.of());

        String listed = client().get()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).doesNotContain(key.id().toString());
        rotate(b.ownerKey(), key.id(), "now").expectStatus().isNotFound();
        client().delete()
                .uri("/api/v1/api-keys/{id}", key.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();
        client().get()
                .uri("/api/v1/api-keys/{id}", key.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound();

        assertThat(status(key.key())).isEqualTo(HttpStatus.OK);
        assertThat(view(a.ownerKey(), key.id()).path("status").asString()).isEqualTo("active");
    }

    @Test
    void anExpiredKeyIs401() {
        TestTenant tenant = newTenant("life-expired");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "short", List.of("developer"), List.of());
        jdbc.sql("update identity.api_keys set expires_at = now() - interval '1 second' where id = :id")
                .param("id", key.id())
                .update();

        client().get()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("expired"));
        assertThat(view(tenant.ownerKey(), key.id()).path("status").asString()).isEqualTo("expired");
    }

    @Test
    void theModelAllowlistTravelsInTheSignedIdentityAndBadPatternsAre400() {
        TestTenant tenant = newTenant("life-models");
        CreatedApiKey limited = createKey(
                tenant.ownerKey(), null, "limited", List.of("developer"), List.of(), List.of("gpt-4o*", "mock-a"));
        CreatedApiKey unlimited = createKey(tenant.ownerKey(), null, "unlimited", List.of("developer"), List.of());

        assertThat(relayed(limited.key()).allowedModels()).containsExactly("gpt-4o*", "mock-a");
        assertThat(relayed(unlimited.key()).allowedModels()).isNull();
        assertThat(view(tenant.ownerKey(), limited.id()).path("allowedModels").toString())
                .isEqualTo("[\"gpt-4o*\",\"mock-a\"]");

        int keysBefore = keyCount(tenant.id());
        for (List<String> bad : List.of(List.of("gpt-*-mini"), List.of("gpt 4o"), List.<String>of())) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "bad");
            body.put("roles", List.of("developer"));
            body.put("allowedModels", bad);
            client().post()
                    .uri("/api/v1/api-keys")
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("allowedModels");
        }
        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("name", "n".repeat(201), "roles", List.of("viewer")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("name");
        assertThat(keyCount(tenant.id())).as("nothing written").isEqualTo(keysBefore);
    }

    @Test
    void aKeyLimitedToSomeModelsCanNeitherMintNorRotateIntoAKeyForOtherModels() {
        TestTenant tenant = newTenant("life-models-mint");
        CreatedApiKey limitedAdmin =
                createKey(tenant.ownerKey(), null, "limited admin", List.of("admin"), List.of(), List.of("gpt-4o*"));
        CreatedApiKey unlimited = createKey(tenant.ownerKey(), null, "unlimited", List.of("developer"), List.of());
        int keysBefore = keyCount(tenant.id());

        Map<String, Object> everyModel = new HashMap<>(Map.of("name", "every model", "roles", List.of("developer")));
        createKeyRequest(limitedAdmin.key(), everyModel)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("scope_not_grantable");
        Map<String, Object> wider = new HashMap<>(everyModel);
        wider.put("allowedModels", List.of("gpt-*"));
        createKeyRequest(limitedAdmin.key(), wider).expectStatus().isForbidden();
        rotate(limitedAdmin.key(), unlimited.id(), "now").expectStatus().isForbidden();
        assertThat(keyCount(tenant.id())).isEqualTo(keysBefore);

        CreatedApiKey narrower = createKey(
                limitedAdmin.key(), null, "narrower", List.of("developer"), List.of(), List.of("gpt-4o-mini"));
        assertThat(relayed(narrower.key()).allowedModels()).containsExactly("gpt-4o-mini");
    }

    @Test
    void aUserOwnedKeyStopsWhenTheMembershipIsRemovedAndNeverActsAboveTheOwnersRole() {
        TestTenant tenant = newTenant("life-user");
        UUID user = insertMember(tenant.id(), "developer");

        createKeyRequest(tenant.ownerKey(), Map.of("name", "too high", "roles", List.of("admin"), "ownerUserId", user))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("role_not_grantable");
        CreatedApiKey key = createKeyRequest(
                        tenant.ownerKey(), Map.of("name", "mine", "roles", List.of("developer"), "ownerUserId", user))
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();
        assertThat(key.ownerUserId()).isEqualTo(user);
        assertThat(relayed(key.key()).roles()).containsExactly("developer");

        // demoted: the key acts as a viewer from the next request on
        jdbc.sql("update identity.memberships set role = 'viewer' where user_id = :user")
                .param("user", user)
                .update();
        assertThat(relayed(key.key()).roles()).containsExactly("viewer");

        jdbc.sql("delete from identity.memberships where user_id = :user")
                .param("user", user)
                .update();
        client().get()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("no longer an active member"));

        // back in the tenant but disabled as a user: still refused
        jdbc.sql("insert into identity.memberships (tenant_id, user_id, role, created_by) values (:t, :u, 'developer',"
                        + " 'test')")
                .param("t", tenant.id())
                .param("u", user)
                .update();
        assertThat(status(key.key())).isEqualTo(HttpStatus.OK);
        jdbc.sql("update identity.users set status = 'disabled' where id = :user")
                .param("user", user)
                .update();
        assertThat(status(key.key())).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aKeyCreatedByAUserOwnedKeyBelongsToTheSameUser() {
        TestTenant tenant = newTenant("life-user-inherit");
        UUID user = insertMember(tenant.id(), "admin");
        CreatedApiKey admin = createKeyRequest(
                        tenant.ownerKey(), Map.of("name", "admin", "roles", List.of("admin"), "ownerUserId", user))
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();

        CreatedApiKey child = createKey(admin.key(), null, "child", List.of("developer"), List.of());

        assertThat(child.ownerUserId())
                .as("a key cannot mint keys that outlive its owner's membership")
                .isEqualTo(user);
    }

    @Test
    void showsWhenAndFromWhereAKeyWasLastUsed() {
        TestTenant tenant = newTenant("life-last-used");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "used", List.of("developer"), List.of());
        Instant before = Instant.now().minusSeconds(1);

        assertThat(status(key.key())).isEqualTo(HttpStatus.OK);
        usage.flush();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode view = view(tenant.ownerKey(), key.id());
            assertThat(view.path("lastUsedIp").asString()).isEqualTo("127.0.0.1");
            assertThat(Instant.parse(view.path("lastUsedAt").asString())).isAfter(before);
        });
    }

    private UUID insertMember(UUID tenantId, String role) {
        UUID user = UUID.randomUUID();
        jdbc.sql("insert into identity.users (id, email, display_name) values (:id, :email, 'Test User')")
                .param("id", user)
                .param("email", "u-" + user + "@example.test")
                .update();
        jdbc.sql("insert into identity.memberships (tenant_id, user_id, role, created_by) values (:t, :u, :role,"
                        + " 'test')")
                .param("t", tenantId)
                .param("u", user)
                .param("role", role)
                .update();
        return user;
    }

    private Identity relayed(String key) {
        String path = "/api/v1/tasks/" + UUID.randomUUID();
        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange()
                .expectStatus()
                .isOk();
        RecordedRequest upstream = TASK.awaitRequest(path);
        return task.verify(upstream.getHeaders().get("X-Bl1nk-Identity")).identity();
    }

    private CreatedApiKey createKey(
            String callerKey,
            UUID tenantId,
            String name,
            List<String> roles,
            List<String> scopes,
            List<String> models) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("roles", roles);
        body.put("scopes", scopes);
        body.put("allowedModels", models);
        return createKeyRequest(callerKey, body)
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec createKeyRequest(
            String callerKey, Map<String, Object> body) {
        return client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey))
                .bodyValue(body)
                .exchange();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec rotate(
            String callerKey, UUID id, String deadline) {
        var request = client().post()
                .uri("/api/v1/api-keys/{id}/rotate", id)
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey));
        return deadline == null
                ? request.exchange()
                : request.bodyValue(Map.of("deadline", deadline)).exchange();
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

    private JsonNode view(String callerKey, UUID id) {
        String body = client().get()
                .uri("/api/v1/api-keys/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private int keyCount(UUID tenantId) {
        return jdbc.sql("select count(*) from identity.api_keys where tenant_id = :t")
                .param("t", tenantId)
                .query(Integer.class)
                .single();
    }

    private double databaseLookups() {
        return meters.get("bl1nk.gateway.api_key.database_lookups").counter().count();
    }

    private void awaitAudit(UUID tenantId, String action, UUID resourceId) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(jdbc.sql("select details->>'ip' from identity.audit_events"
                                        + " where tenant_id = :t and action = :a and resource_id = :r")
                                .param("t", tenantId)
                                .param("a", action)
                                .param("r", resourceId.toString())
                                .query(String.class)
                                .optional())
                        .as("audited with the caller's address")
                        .contains("127.0.0.1"));
    }
}
