package com.bl1nk.mcp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TestIdentities;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/** Registration details: Idempotency-Key replay, paging of the lists, disabling a server, credentials never echoed. */
class ServerRegistrationIT extends McpServiceIT {

    private EntityExchangeResult<String> register(UUID tenant, String key, Map<String, Object> body) {
        return client.post()
                .uri("/api/v1/mcp/servers")
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }

    private static Map<String, Object> stdio(String name) {
        return Map.of(
                "name",
                name,
                "transport",
                "stdio",
                "command",
                "node",
                "args",
                List.of(NodeInterop.mutableServer().toString()));
    }

    @Test
    void sameIdempotencyKeyAndBodyReplaysDifferentBodyIs422() {
        UUID tenant = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = stdio(uniqueName("idem"));

        var first = register(tenant, key, body);
        var second = register(tenant, key, body);

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(second.getStatus().value()).isEqualTo(201);
        assertThat(json(second).get("id")).isEqualTo(json(first).get("id"));
        ProblemAssertions.assertProblem(register(tenant, key, stdio(uniqueName("other"))), 422, null);
        assertThat(json(get(tenant, "/api/v1/mcp/servers")).get("items")).hasSize(1);
    }

    @Test
    void listsPageWithCursorsAndDisabledServersToolsAreNotCallable() {
        UUID tenant = UUID.randomUUID();
        JsonNode a = registerStdio(
                tenant,
                uniqueName("page-a"),
                "node",
                List.of(NodeInterop.mutableServer().toString()));
        JsonNode b = registerStdio(
                tenant,
                uniqueName("page-b"),
                "node",
                List.of(NodeInterop.mutableServer().toString()));

        JsonNode page1 = json(get(tenant, "/api/v1/mcp/servers?limit=1"));
        assertThat(page1.get("items")).hasSize(1);
        assertThat(page1.get("items").get(0).get("id")).isEqualTo(b.get("id"));
        JsonNode page2 = json(get(
                tenant,
                "/api/v1/mcp/servers?limit=1&cursor=" + page1.get("nextCursor").asString()));
        assertThat(page2.get("items").get(0).get("id")).isEqualTo(a.get("id"));
        assertThat(page2.get("nextCursor").isNull()).isTrue();

        JsonNode tools = json(get(
                tenant, "/api/v1/mcp/tools?limit=200&serverId=" + a.get("id").asString()));
        assertThat(tools.get("items")).hasSize(a.get("tools").size());

        var disabled = client.patch()
                .uri("/api/v1/mcp/servers/" + a.get("id").asString())
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("enabled", false))
                .exchange()
                .expectBody(String.class)
                .returnResult();
        assertThat(json(disabled).get("enabled").asBoolean()).isFalse();
        ProblemAssertions.assertProblem(
                call(tenant, toolId(a, "greet"), Map.of("arguments", Map.of("name", "x"))), 409, "server_disabled");
    }

    @Test
    void credentialHeadersAreStoredEncryptedAndNeverReturned() {
        UUID tenant = UUID.randomUUID();
        int port = NodeInterop.freePort();
        Process server = NodeInterop.startEverything("streamableHttp", port);
        try {
            var result = post(
                    tenant,
                    "/api/v1/mcp/servers",
                    Map.of(
                            "name",
                            uniqueName("with-creds"),
                            "transport",
                            "streamable_http",
                            "url",
                            "http://" + ALLOWED_HOST + ":" + port + "/mcp",
                            "headers",
                            Map.of("Authorization", "Bearer top-secret-token")));
            assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(201);
            assertThat(result.getResponseBody()).doesNotContain("top-secret-token");
            JsonNode created = json(result);
            assertThat(created.get("credentialHeaders").get(0).asString()).isEqualTo("Authorization");
            assertThat(get(tenant, "/api/v1/mcp/servers/" + created.get("id").asString())
                            .getResponseBody())
                    .doesNotContain("top-secret-token");
            assertThat(json(call(tenant, toolId(created, "echo"), Map.of("arguments", Map.of("message", "m"))))
                            .get("outcome")
                            .asString())
                    .isEqualTo("success");
        } finally {
            server.destroy();
        }
    }
}
