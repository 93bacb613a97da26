package com.bl1nk.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.gateway.support.FakeUpstream;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

class EdgeIT extends GatewayIntegrationTest {

    @Test
    void joinsTheCallersTraceForwardsAChildTraceparentAndReturnsTheTraceId() {
        TestTenant tenant = newTenant("edge-trace");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String incoming = "00-" + traceId + "-00f067aa0ba902b7-01";
        String path = "/api/v1/knowledge-bases/" + UUID.randomUUID();
        FakeUpstream upstream = RAG;

        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .header("traceparent", incoming)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Trace-Id", traceId);

        Traceparent forwarded = Traceparent.parse(
                        upstream.awaitRequest(path).getHeaders().get("traceparent"))
                .orElseThrow();
        assertThat(forwarded.traceId()).isEqualTo(traceId);
        assertThat(forwarded.spanId()).isNotEqualTo("00f067aa0ba902b7");
    }

    @Test
    void startsATraceWhenNoneIsSentAndForwardsIt() {
        TestTenant tenant = newTenant("edge-newtrace");
        String path = "/api/v1/budgets/" + UUID.randomUUID();
        FakeUpstream upstream = BILLING;

        String traceId = client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .header("traceparent", "garbage")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Trace-Id");

        assertThat(traceId).matches("^[0-9a-f]{32}$");
        assertThat(upstream.awaitRequest(path).getHeaders().get("traceparent")).contains(traceId);
    }

    @Test
    void returnsExactlyOneTraceIdEvenWhenTheServiceSendsItsOwn() {
        TestTenant tenant = newTenant("edge-dup-trace");
        String path = "/api/v1/mcp/" + UUID.randomUUID();
        FakeUpstream upstream = MCP;
        upstream.script(
                path,
                () -> new MockResponse.Builder()
                        .code(200)
                        .setHeader("X-Trace-Id", "from-the-service")
                        .body("{}")
                        .build());

        List<String> values = client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .get("X-Trace-Id");

        assertThat(values).hasSize(1).allMatch(v -> v.matches("^[0-9a-f]{32}$"));
    }

    @Test
    void errorResponsesCarryTheTraceIdToo() {
        TestTenant tenant = newTenant("edge-error-trace");
        client().get()
                .uri("/api/v1/no-such-thing")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("X-Trace-Id")
                .expectBody()
                .jsonPath("$.traceId")
                .exists();
    }

    @Test
    void answersAllowedCorsPreflightsWithoutAKey() {
        client().options()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type, idempotency-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN)
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
                        methods -> assertThat(methods).contains("POST"))
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        headers -> assertThat(headers.toLowerCase()).contains("authorization"))
                .expectHeader()
                .exists("X-Trace-Id");
    }

    @Test
    void refusesPreflightsFromOtherOrigins() {
        client().options()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.ORIGIN, "https://evil.example.test")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void exposesTheTraceIdToCrossOriginScripts() {
        TestTenant tenant = newTenant("edge-cors");
        client().get()
                .uri("/api/v1/tenants/{id}", tenant.id())
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN)
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        exposed -> assertThat(exposed).contains("X-Trace-Id"));
    }

    @Test
    void refusesADeclaredOversizedBodyWith413BeforeForwarding() {
        TestTenant tenant = newTenant("edge-413");
        String path = "/api/v1/tasks/" + UUID.randomUUID();
        FakeUpstream upstream = TASK;

        client().post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[MAX_BODY_BYTES + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("payload_too_large");

        assertThat(upstream.received(path)).isFalse();
    }

    @Test
    void refusesAChunkedOversizedBodyForAServiceWith413() {
        TestTenant tenant = newTenant("edge-413-chunked");

        client().post()
                .uri("/api/v1/tasks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks(MAX_BODY_BYTES * 2), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("payload_too_large");
    }

    @Test
    void refusesAChunkedOversizedBodyForTheControlPlaneWith413() {
        TestTenant tenant = newTenant("edge-413-own");

        client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks(MAX_BODY_BYTES * 2), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("payload_too_large");
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        TestTenant tenant = newTenant("edge-under-limit");
        String path = "/v1/embeddings";
        FakeUpstream upstream = RAG;

        client().method(HttpMethod.POST)
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks(MAX_BODY_BYTES - 10), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isOk();

        RecordedRequest received = upstream.awaitRequest(path);
        assertThat(received.getBodySize()).isEqualTo(MAX_BODY_BYTES - 10);
    }

    /** A chunked body of {@code total} bytes in 4 KiB pieces. */
    private static Flux<DataBuffer> chunks(int total) {
        int piece = 4096;
        return Flux.range(0, (total + piece - 1) / piece).map(i -> {
            int size = Math.min(piece, total - i * piece);
            byte[] bytes = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
            return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
        });
    }

    @LocalManagementPort
    int managementPort;

    @Test
    void theProbesAreOpenOnThePublicPortAndMetricsOnlyOnTheManagementPort() {
        client().get()
                .uri("/readyz")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        client().get().uri("/livez").exchange().expectStatus().isOk();
        // nothing of actuator on the public port, with or without a key
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/env", "/actuator")) {
            assertThat(client().get()
                            .uri(path)
                            .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                            .exchange()
                            .returnResult(String.class)
                            .getStatus()
                            .value())
                    .as(path)
                    .isEqualTo(404);
        }
        WebTestClient management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build();
        management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
        management
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk();
    }
}
