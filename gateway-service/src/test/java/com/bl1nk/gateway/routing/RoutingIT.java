package com.bl1nk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.support.FakeUpstream;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Every public path of CONTRACTS.md reaches its service unchanged, and the docs and admin pages are served. */
class RoutingIT extends GatewayIntegrationTest {

    @Test
    void everyContractPathReachesItsService() {
        TestTenant tenant = newTenant("routing");
        String unique = UUID.randomUUID().toString();
        Map<String, FakeUpstream> routes = Map.ofEntries(
                Map.entry("/api/v1/agents/" + unique, TASK),
                Map.entry("/api/v1/tasks/" + unique, TASK),
                Map.entry("/api/v1/providers/" + unique, TASK),
                Map.entry("/api/v1/models/" + unique, TASK),
                Map.entry("/api/v1/github/installations/" + unique, TASK),
                Map.entry("/v1/models", TASK),
                Map.entry("/api/v1/knowledge-bases/" + unique, RAG),
                Map.entry("/api/v1/mcp/servers/" + unique, MCP),
                Map.entry("/mcp", MCP),
                Map.entry("/api/v1/budgets/" + unique, BILLING),
                Map.entry("/api/v1/usage/" + unique, BILLING),
                Map.entry("/api/v1/prices/" + unique, BILLING),
                Map.entry("/api/v1/reservations/" + unique, BILLING));

        routes.forEach((path, service) -> {
            client().get()
                    .uri(path + "?q=1")
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isOk();
            RecordedRequest received = service.awaitRequest(path);
            assertThat(received.getUrl().query()).as(path).isEqualTo("q=1");
        });
    }

    @Test
    void noRoutedServiceEverGetsTheClientsCookies() {
        TestTenant tenant = newTenant("routing-cookies");
        String keyed = "/api/v1/agents/" + UUID.randomUUID();
        String open = "/api/v1/webhooks/github";

        client().get()
                .uri(keyed)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .header(HttpHeaders.COOKIE, "bl1nk_session=a-dashboard-session; other=x")
                .exchange()
                .expectStatus()
                .isOk();
        client().post()
                .uri(open)
                .header(HttpHeaders.COOKIE, "bl1nk_session=a-dashboard-session")
                .bodyValue("{}")
                .exchange();

        assertThat(TASK.awaitRequest(keyed).getHeaders().get(HttpHeaders.COOKIE))
                .isNull();
        assertThat(TASK.awaitRequest(open).getHeaders().get(HttpHeaders.COOKIE)).isNull();
    }

    @Test
    void aServiceThatHangsUpIsA502Problem() {
        TestTenant tenant = newTenant("routing-hangup");
        String path = "/api/v1/prices/" + UUID.randomUUID();
        BILLING.script(
                path,
                () -> new MockResponse.Builder()
                        .onResponseStart(new SocketEffect.CloseSocket())
                        .build());

        client().get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("X-Trace-Id")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_gateway");
    }

    @Test
    void internalBillingPathsAreNotRouted() {
        TestTenant tenant = newTenant("routing-internal");
        client().post()
                .uri("/internal/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(BILLING.received("/internal/v1/reservations")).isFalse();
    }

    @Test
    void servesEachServicesOpenApiDocumentWithoutAKey() {
        RAG.script(
                "/v3/api-docs",
                () -> new MockResponse.Builder()
                        .code(200)
                        .setHeader("Content-Type", "application/json")
                        .body("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"rag\"}}")
                        .build());

        client().get()
                .uri("/v3/api-docs/rag")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("rag");
    }

    @Test
    void servesTheGatewaysOwnSpecTheMergedDocsAndTheAdminPage() {
        client().get()
                .uri("/v3/api-docs/gateway")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/api-keys']")
                .exists()
                .jsonPath("$.paths['/api/v1/tenants']")
                .exists()
                .jsonPath("$.paths['/api/v1/audit-events']")
                .exists();
        String swaggerConfig = client().get()
                .uri("/v3/api-docs/gateway/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(swaggerConfig.replace("\\/", "/"))
                .contains("/v3/api-docs/task", "/v3/api-docs/rag", "/v3/api-docs/mcp", "/v3/api-docs/billing");
        client().get().uri("/docs").exchange().expectStatus().is3xxRedirection();
        client().get()
                .uri("/admin")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("bl1nk", "/docs"));
    }
}
