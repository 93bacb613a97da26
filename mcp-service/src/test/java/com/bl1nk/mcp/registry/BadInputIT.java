package com.bl1nk.mcp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TestIdentities;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/** Bad input is a 4xx problem+json, never a 500 and never a half-written row. */
class BadInputIT extends McpServiceIT {

    @Autowired
    JdbcClient jdbc;

    private EntityExchangeResult<String> raw(UUID tenant, String path, String body) {
        return client.post()
                .uri(path)
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }

    @Test
    void invalidRegistrationsAre400WithFieldErrorsAndStoreNothing() {
        UUID tenant = UUID.randomUUID();
        assertThat(raw(tenant, "/api/v1/mcp/servers", "{").getStatus().value()).isEqualTo(400);
        ProblemAssertions.assertProblem(raw(tenant, "/api/v1/mcp/servers", "{\"name\":[1]}"), 400, null);

        List<Map<String, Object>> invalid = List.of(
                Map.of("transport", "stdio", "command", "node"),
                Map.of("name", "Bad Name!", "transport", "stdio", "command", "node"),
                Map.of("name", "ok", "transport", "ftp", "url", "ftp://example.com"),
                Map.of("name", "ok", "transport", "streamable_http"),
                Map.of("name", "ok", "transport", "stdio", "url", "https://example.com/mcp", "command", "node"),
                Map.of("name", "ok", "transport", "stdio"),
                Map.of(
                        "name", "ok",
                        "transport", "streamable_http",
                        "url", "https://example.com/mcp",
                        "headers", Map.of("Bad Header", "x")),
                Map.of(
                        "name", "ok",
                        "transport", "streamable_http",
                        "url", "https://example.com/mcp",
                        "headers", Map.of("Host", "internal")));
        for (Map<String, Object> body : invalid) {
            ProblemAssertions.assertProblem(post(tenant, "/api/v1/mcp/servers", body), 400, "validation_failed");
        }
        // null elements are field errors, not a NullPointerException
        ProblemAssertions.assertProblem(
                raw(
                        tenant,
                        "/api/v1/mcp/servers",
                        "{\"name\":\"r1\",\"transport\":\"stdio\",\"command\":\"x\",\"args\":[null]}"),
                400,
                "validation_failed");
        ProblemAssertions.assertProblem(
                raw(
                        tenant,
                        "/api/v1/mcp/servers",
                        "{\"name\":\"r3\",\"transport\":\"streamable_http\",\"url\":\"https://example.com/mcp\","
                                + "\"headers\":{\"X-A\":null}}"),
                400,
                "validation_failed");
        ProblemAssertions.assertProblem(
                post(tenant, "/api/v1/mcp/servers", Map.of("name", "ok", "transport", "sse", "url", "not a url")),
                400,
                "url_not_allowed");
        assertThat(jdbc.sql("select count(*) from mcp.servers where tenant_id = :t")
                        .param("t", tenant)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void headerValuesWithLineBreaksOrNulAre400BeforeAnyConnectionAndStoreNothing() throws Exception {
        UUID tenant = UUID.randomUUID();
        registerStdio(
                tenant,
                uniqueName("kept"),
                "node",
                List.of(NodeInterop.mutableServer().toString()));
        String before = json(get(tenant, "/api/v1/mcp/servers")).get("items").toString();
        try (MockWebServer target = new MockWebServer()) {
            target.start(InetAddress.getByName(ALLOWED_HOST), 0);
            for (String value : List.of("a\r\nX-B: c", "a\rb", "a\nb", "a\u0000b")) {
                var result = post(
                        tenant,
                        "/api/v1/mcp/servers",
                        Map.of(
                                "name",
                                uniqueName("crlf"),
                                "transport",
                                "streamable_http",
                                "url",
                                "http://" + ALLOWED_HOST + ":" + target.getPort() + "/mcp",
                                "headers",
                                Map.of("X-Api-Key", value)));
                JsonNode problem = ProblemAssertions.assertProblem(result, 400, "validation_failed");
                assertThat(problem.get("errors")).hasSize(1);
                assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("headers");
                assertThat(problem.get("errors").get(0).get("message").asString())
                        .contains("X-Api-Key");
            }
            assertThat(target.getRequestCount()).isZero();
        }
        assertThat(json(get(tenant, "/api/v1/mcp/servers")).get("items").toString())
                .isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from mcp.servers where tenant_id = :t")
                        .param("t", tenant)
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Test
    void badPathsQueriesAndCallBodiesAre400() {
        UUID tenant = UUID.randomUUID();
        assertThat(get(tenant, "/api/v1/mcp/servers/not-a-uuid").getStatus().value())
                .isEqualTo(400);
        ProblemAssertions.assertProblem(get(tenant, "/api/v1/mcp/servers?limit=1000"), 400, "invalid_limit");
        ProblemAssertions.assertProblem(get(tenant, "/api/v1/mcp/tools?limit=0"), 400, "invalid_limit");
        assertThat(get(tenant, "/api/v1/mcp/servers?cursor=%%%").getStatus().is4xxClientError())
                .isTrue();
        assertThat(get(tenant, "/api/v1/mcp/tools?cursor=abc").getStatus().value())
                .isEqualTo(400);

        JsonNode server = registerStdio(
                tenant,
                uniqueName("bad"),
                "node",
                List.of(NodeInterop.mutableServer().toString()));
        String greet = toolId(server, "greet");
        assertThat(raw(tenant, "/api/v1/mcp/tools/" + greet + "/call", "{\"arguments\":\"x\"}")
                        .getStatus()
                        .value())
                .isEqualTo(400);
        ProblemAssertions.assertProblem(
                post(tenant, "/api/v1/mcp/tools/" + greet + "/call", Map.of("arguments", Map.of(), "timeoutMs", 0)),
                400,
                "validation_failed");
        ProblemAssertions.assertProblem(
                post(tenant, "/api/v1/mcp/tools/" + greet + "/approve", Map.of("schemaHash", "nope")),
                400,
                "validation_failed");
        Map<String, Object> badCallers = new HashMap<>();
        badCallers.put("callers", List.of("root; drop table"));
        var callers = client.put()
                .uri("/api/v1/mcp/tools/" + greet + "/allowed-callers")
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(badCallers)
                .exchange()
                .expectBody(String.class)
                .returnResult();
        ProblemAssertions.assertProblem(callers, 400, "validation_failed");
        ProblemAssertions.assertProblem(
                post(
                        tenant,
                        "/api/v1/mcp/servers",
                        Map.of(
                                "name",
                                server.get("name").asString(),
                                "transport",
                                "stdio",
                                "command",
                                "node",
                                "args",
                                List.of(NodeInterop.mutableServer().toString()))),
                409,
                "server_name_taken");
    }

    @Test
    void requestsWithoutIdentityAre401AndViewersCannotRegisterOrCall() {
        var anonymous = client.get()
                .uri("/api/v1/mcp/servers")
                .exchange()
                .expectBody(String.class)
                .returnResult();
        ProblemAssertions.assertProblem(anonymous, 401, "unauthenticated");

        UUID tenant = UUID.randomUUID();
        var viewer = client.post()
                .uri("/api/v1/mcp/servers")
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant, "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "v", "transport", "stdio", "command", "node"))
                .exchange()
                .expectBody(String.class)
                .returnResult();
        ProblemAssertions.assertProblem(viewer, 403, "missing_role");
    }
}
