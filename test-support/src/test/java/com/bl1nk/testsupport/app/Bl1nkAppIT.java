package com.bl1nk.testsupport.app;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static com.bl1nk.testsupport.TestTenants.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TenantIsolation;
import com.bl1nk.testsupport.TestIdentities;
import com.bl1nk.testsupport.TestKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

@Bl1nkIntegrationTest(
        properties = {
            "bl1nk.idempotency.table=it_app.idempotency_keys",
            "bl1nk.sse.heartbeat=200ms",
            "bl1nk.identity.service=task",
            "spring.datasource.username=${bl1nk.test.admin-user}",
            "bl1nk.identity.callers.mcp[0]=GET /api/v1/whoami",
            "bl1nk.identity.callers.task[0]=GET /api/v1/whoami"
        })
class Bl1nkAppIT {

    @Autowired
    RestTestClient client;

    @LocalServerPort
    int port;

    @Autowired
    com.bl1nk.common.sse.SseStreams sseStreams;

    private TestApp.Thing createThing(UUID tenant, String name) {
        return client.post()
                .uri("/api/v1/things")
                .headers(TestIdentities.asOwner(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name))
                .exchange()
                .expectStatus()
                .isCreated()
                .returnResult(TestApp.Thing.class)
                .getResponseBody();
    }

    @Test
    void rejectsRequestsWithoutAnIdentityTokenWith401Problem() {
        ProblemAssertions.assertProblem(client.get().uri("/api/v1/whoami").exchange(), 401, "unauthenticated");
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/whoami")
                        .header(IdentityHeaders.IDENTITY, "not-a-jwt")
                        .exchange(),
                401,
                "unauthenticated");
    }

    @Test
    void rejectsATokenSignedWithAKeyItDoesNotTrust() {
        var stranger = new IdentityTokenCodec(
                "gateway",
                WorkloadKey.generate("gateway"),
                TrustedKeys.of(List.of()),
                Duration.ofMinutes(5),
                Clock.systemUTC());
        String forged = stranger.mint(TestIdentities.owner(TENANT_A), "task");
        ProblemAssertions.assertProblem(whoami(forged), 401, "unauthenticated");
    }

    @Test
    void aServiceKeyCannotSignAsTheGateway() {
        // rag's own key, but the token claims to come from the gateway: the key's owner and the issuer differ.
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("bl1nk-identity+jwt"))
                        .keyID(TestKeys.get().key("rag").keyId())
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer("gateway")
                        .audience("task")
                        .subject("user:forged")
                        .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                        .jwtID(UUID.randomUUID().toString())
                        .claim("tid", TENANT_A.toString())
                        .claim("roles", List.of(Identity.OWNER))
                        .build());
        try {
            jwt.sign(new ECDSASigner(TestKeys.get().key("rag").jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        ProblemAssertions.assertProblem(whoami(jwt.serialize()), 401, "unauthenticated");
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        String forRag = TestIdentities.codec().mint(TestIdentities.owner(TENANT_A), "rag");
        ProblemAssertions.assertProblem(whoami(forRag), 401, "unauthenticated");
    }

    @Test
    void aServiceMayCallOnlyWhatItsCallerListAllows() {
        Identity actingFor = TestIdentities.owner(TENANT_A);
        client.get()
                .uri("/api/v1/whoami")
                .header(IdentityHeaders.IDENTITY, TestIdentities.serviceToken("mcp", "task", actingFor))
                .exchange()
                .expectStatus()
                .isOk();
        // rag has no list here, and mcp may not create things
        ProblemAssertions.assertProblem(
                whoami(TestIdentities.serviceToken("rag", "task", actingFor)), 403, "caller_not_allowed");
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/things")
                        .header(IdentityHeaders.IDENTITY, TestIdentities.serviceToken("mcp", "task", actingFor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("name", "x"))
                        .exchange(),
                403,
                "caller_not_allowed");
    }

    @Test
    void theDeclaredPermissionIsCheckedBeforeTheBodyIsRead() {
        UUID tenant = UUID.randomUUID();
        Identity viewer = TestIdentities.identity(tenant, Set.of(Identity.VIEWER), Set.of());
        // not even valid JSON: a 400 would mean the body was read first
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/things")
                        .headers(TestIdentities.as(viewer))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{not json")
                        .exchange(),
                403,
                "missing_role");
        assertThat(count(tenant)).isZero();
    }

    @Test
    void aKeysScopesNarrowWhatItsRoleAllows() {
        UUID key = UUID.randomUUID();
        Identity tasksOnly = new Identity(TENANT_A, "key:" + key, Set.of(Identity.OWNER), Set.of("tasks:read"), key);
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/things")
                        .headers(TestIdentities.as(tasksOnly))
                        .exchange(),
                403,
                "missing_scope");
        Identity agentsWildcard = new Identity(TENANT_A, "key:" + key, Set.of(Identity.OWNER), Set.of("agents:*"), key);
        client.get()
                .uri("/api/v1/things")
                .headers(TestIdentities.as(agentsWildcard))
                .exchange()
                .expectStatus()
                .isOk();
        // platform:admin never narrows a key
        Identity platform =
                new Identity(TENANT_A, "key:" + key, Set.of(Identity.VIEWER), Set.of("platform:admin"), key);
        client.get()
                .uri("/api/v1/things")
                .headers(TestIdentities.as(platform))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private int count(UUID tenant) {
        String body = client.get()
                .uri("/api/v1/things")
                .headers(TestIdentities.asOwner(tenant))
                .exchange()
                .returnResult(String.class)
                .getResponseBody();
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(body)
                .path("items")
                .size();
    }

    @Test
    void aPathThatCouldResolveAroundTheCallerPolicyIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of(
                "/api/v1/../internal/v1/anything",
                "/api/v1/%2e%2e/internal/v1/anything",
                "/internal;x=1/v1/anything")) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header(IdentityHeaders.IDENTITY, TestIdentities.token(TENANT_A))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).contains("invalid_path");
        }
    }

    @Test
    void theGatewayCannotReachInternalOperations() {
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/internal/v1/anything")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .exchange(),
                403,
                "caller_not_allowed");
    }

    private RestTestClient.ResponseSpec whoami(String token) {
        return client.get()
                .uri("/api/v1/whoami")
                .header(IdentityHeaders.IDENTITY, token)
                .exchange();
    }

    @Test
    void openPathsNeedNoToken() {
        // Not mapped in this app, so 404 - but not 401: the identity filter let it through.
        ProblemAssertions.assertProblem(client.get().uri("/v3/api-docs").exchange(), 404, "not_found");
    }

    @Test
    void controllersReceiveTheVerifiedIdentity() {
        TestApp.WhoAmI me = client.get()
                .uri("/api/v1/whoami")
                .headers(TestIdentities.as(TestIdentities.identity(TENANT_B, Set.of(Identity.VIEWER), Set.of())))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(TestApp.WhoAmI.class)
                .getResponseBody();
        assertThat(me.tenantId()).isEqualTo(TENANT_B);
        assertThat(me.principal()).isEqualTo("user:test-viewer");
    }

    @Test
    void tenantBCannotReadChangeOrDeleteTenantAsThing() {
        TestApp.Thing thing = createThing(TENANT_A, "mine");
        TenantIsolation.assertInvisibleTo(TENANT_B, client, "/api/v1/things/{id}", thing.id());
        TenantIsolation.as(TENANT_B, client)
                .put("/api/v1/things/{id}", Map.of("name", "stolen"), thing.id())
                .delete("/api/v1/things/{id}", thing.id())
                .listExcludes("/api/v1/things", thing.id());
        TenantIsolation.assertInvisibleTo(
                TENANT_B,
                client,
                new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE},
                "/api/v1/things/{id}",
                thing.id());
        TestApp.Thing still = client.get()
                .uri("/api/v1/things/{id}", thing.id())
                .headers(TestIdentities.asOwner(TENANT_A))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(TestApp.Thing.class)
                .getResponseBody();
        assertThat(still.name()).isEqualTo("mine");
    }

    @Test
    void badInputGivesProblemsNot500s() {
        JsonNode invalid = ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/things")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"name\":\"\"}")
                        .exchange(),
                400,
                "validation_failed");
        assertThat(invalid.path("errors").get(0).path("field").asString()).isEqualTo("name");
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/things")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"name\":")
                        .exchange(),
                400,
                "malformed_body");
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/things/not-a-uuid")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .exchange(),
                400,
                "type_mismatch");
    }

    @Test
    void listsPageWithCursorsAndRejectBadLimitsAndCursors() {
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            createThing(tenant, "item-" + i);
        }
        JsonNode first = client.get()
                .uri("/api/v1/things?limit=2")
                .headers(TestIdentities.asOwner(tenant))
                .exchange()
                .returnResult(JsonNode.class)
                .getResponseBody();
        assertThat(first.path("items")).hasSize(2);
        String cursor = first.path("nextCursor").asString();
        JsonNode second = client.get()
                .uri("/api/v1/things?limit=2&cursor={c}", cursor)
                .headers(TestIdentities.asOwner(tenant))
                .exchange()
                .returnResult(JsonNode.class)
                .getResponseBody();
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/things?limit=500")
                        .headers(TestIdentities.asOwner(tenant))
                        .exchange(),
                400,
                "invalid_limit");
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/things?cursor=garbage!")
                        .headers(TestIdentities.asOwner(tenant))
                        .exchange(),
                400,
                "invalid_cursor");
    }

    @Test
    void unexpectedErrorsAre500WithoutDetails() {
        var result = client.get()
                .uri("/api/v1/boom")
                .headers(TestIdentities.asOwner(TENANT_A))
                .exchange()
                .returnResult(String.class);
        ProblemAssertions.assertProblem(result, 500, "internal_error");
        assertThat(result.getResponseBody()).doesNotContain("hunter2").doesNotContain("secret-host");
    }

    @Test
    void failuresOutsideSpringMvcAreProblemsToo() {
        var boom = client.get()
                .uri("/api/v1/filter-boom")
                .headers(TestIdentities.asOwner(TENANT_A))
                .exchange()
                .returnResult(String.class);
        ProblemAssertions.assertProblem(boom, 500, "internal_error");
        assertThat(boom.getResponseBody()).doesNotContain("hunter2");
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/filter-send-error")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .exchange(),
                503,
                "service_unavailable");
    }

    @Test
    void idempotencyKeyReplaysTheFirstResponseAndRefusesADifferentBody() {
        String key = UUID.randomUUID().toString();
        var first = client.post()
                .uri("/api/v1/things")
                .headers(TestIdentities.asOwner(TENANT_A))
                .header(IdempotencyService.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"once\"}")
                .exchange()
                .returnResult(TestApp.Thing.class);
        assertThat(first.getStatus().value()).isEqualTo(201);
        var second = client.post()
                .uri("/api/v1/things")
                .headers(TestIdentities.asOwner(TENANT_A))
                .header(IdempotencyService.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{ \"name\" : \"once\" }")
                .exchange()
                .returnResult(TestApp.Thing.class);
        assertThat(second.getStatus().value()).isEqualTo(201);
        assertThat(second.getResponseHeaders().getFirst(IdempotencyService.REPLAYED_HEADER))
                .isEqualTo("true");
        assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/things")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .header(IdempotencyService.HEADER, key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"name\":\"twice\"}")
                        .exchange(),
                422,
                "idempotency_key_reused");
    }

    @Test
    void joinsTheCallersTraceAndReturnsItsId() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var result = client.get()
                .uri("/api/v1/whoami")
                .headers(TestIdentities.asOwner(TENANT_A))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .returnResult(TestApp.WhoAmI.class);
        assertThat(result.getResponseHeaders().getFirst("X-Trace-Id")).isEqualTo(traceId);
        assertThat(result.getResponseBody().traceId()).isEqualTo(traceId);
    }

    @Test
    void restClientCarriesTraceAndItsOwnServiceTokenDownstream() {
        var result = client.get()
                .uri("/api/v1/relay")
                .headers(TestIdentities.asOwner(TENANT_A))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(JsonNode.class)
                .getResponseBody();
        String traceId = result.path("traceId").asString();
        JsonNode downstream = result.path("downstream");
        assertThat(downstream.path("tenantId").asString()).isEqualTo(TENANT_A.toString());
        assertThat(downstream.path("principal").asString())
                .isEqualTo(TestIdentities.owner(TENANT_A).principal());
        assertThat(downstream.path("traceId").asString()).isEqualTo(traceId);
        assertThat(downstream.path("traceparent").asString()).startsWith("00-" + traceId + "-");
    }

    @Test
    void anExplicitIdentityHeaderIsNotOverwritten() {
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/explicit-identity")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .exchange(),
                500,
                "internal_error");
    }

    @Test
    void sseStreamsStartWithACommentAndCarryJsonEvents() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(TENANT_A))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo(":stream open");
            assertThat(reader.readLine()).isEmpty();
            assertThat(reader.readLine()).isEqualTo("id:1-0");
            assertThat(reader.readLine()).isEqualTo("event:ThingCreated");
            assertThat(reader.readLine()).isEqualTo("data:{\"n\":1}");
            assertThat(reader.readLine()).isEmpty();
            assertThat(reader.readLine()).isEqualTo(":heartbeat");
            assertThat(sseStreams.openStreams()).isPositive();
        }
        // The client went away: the next heartbeat fails and the stream is cleaned up.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sseStreams.openStreams() == 0);
    }
}
