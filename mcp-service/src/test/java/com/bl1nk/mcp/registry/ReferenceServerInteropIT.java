package com.bl1nk.mcp.registry;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Interop with the official reference server {@code @modelcontextprotocol/server-everything}: over stdio (started by
 * mcp-service under the operator's command allowlist) and over Streamable HTTP (started here), its tools are
 * discovered and called with correct results.
 */
class ReferenceServerInteropIT extends McpServiceIT {

    private static Process httpServer;
    private static int httpPort;
    private static Process sseServer;
    private static int ssePort;

    @BeforeAll
    static void startHttpServers() {
        httpPort = NodeInterop.freePort();
        httpServer = NodeInterop.startEverything("streamableHttp", httpPort);
        ssePort = NodeInterop.freePort();
        sseServer = NodeInterop.startEverything("sse", ssePort);
    }

    @AfterAll
    static void stopHttpServers() {
        for (Process p : new Process[] {httpServer, sseServer}) {
            if (p != null) {
                p.destroy();
            }
        }
    }

    @Test
    void discoversAndCallsReferenceServerToolsOverLegacySse() {
        var result = post(
                TENANT_A,
                "/api/v1/mcp/servers",
                Map.of(
                        "name",
                        uniqueName("everything-sse"),
                        "transport",
                        "sse",
                        "url",
                        "http://" + ALLOWED_HOST + ":" + ssePort + "/sse"));
        assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(201);
        JsonNode server = json(result);
        assertThat(names(server)).contains("echo", "get-sum");

        assertEchoAndSum(server);
    }

    @Test
    void discoversAndCallsReferenceServerToolsOverStdio() {
        JsonNode server = registerStdio(
                TENANT_A,
                uniqueName("everything-stdio"),
                "node",
                List.of(NodeInterop.everythingEntry().toString(), "stdio"));

        assertThat(server.get("status").asString()).isEqualTo("ready");
        assertThat(names(server)).contains("echo", "get-sum", "get-env", "trigger-long-running-operation");
        assertThat(server.get("serverInfo").get("name").asString()).isNotBlank();

        assertEchoAndSum(server);
    }

    @Test
    void discoversAndCallsReferenceServerToolsOverStreamableHttp() {
        var result = post(
                TENANT_A,
                "/api/v1/mcp/servers",
                Map.of(
                        "name",
                        uniqueName("everything-http"),
                        "transport",
                        "streamable_http",
                        "url",
                        "http://" + ALLOWED_HOST + ":" + httpPort + "/mcp"));
        assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(201);
        JsonNode server = json(result);

        assertThat(server.get("transport").asString()).isEqualTo("streamable_http");
        assertThat(names(server)).contains("echo", "get-sum", "get-tiny-image");
        assertThat(server.get("prompts").size() + server.get("resources").size())
                .as("prompts and resources are discovered where offered")
                .isPositive();

        assertEchoAndSum(server);

        // the tiny image is bigger than the test output cap (4 KiB): the binary block is dropped with a notice
        JsonNode image = json(call(TENANT_A, toolId(server, "get-tiny-image"), Map.of("arguments", Map.of())));
        assertThat(image.get("truncated").asBoolean()).isTrue();
        assertThat(image.get("content").findValuesAsString("type")).doesNotContain("image");
        JsonNode content = image.get("content");
        assertThat(content.get(content.size() - 1).get("text").asString()).contains("output truncated");
    }

    @Test
    void stdioServerRunsWithACleanEnvironmentInItsOwnDirectory() {
        JsonNode server = registerStdio(
                TENANT_A,
                uniqueName("everything-env"),
                "node",
                List.of(NodeInterop.everythingEntry().toString(), "stdio"));

        JsonNode result = ok(call(TENANT_A, toolId(server, "get-env"), Map.of("arguments", Map.of())));
        JsonNode env = JSON.readTree(result.get("content").get(0).get("text").asString());

        List<String> keys = new ArrayList<>(env.propertyNames());
        assertThat(keys).isSubsetOf("PATH", "LANG", "HOME", "TMPDIR");
        assertThat(env.get("HOME").asString()).contains("bl1nk-mcp-stdio");
    }

    @Test
    void aStdioServerThatIgnoresSigtermIsKilledWhenItsSessionCloses() {
        String tag = STUBBORN_TAG;
        JsonNode server = registerStdio(
                TENANT_A,
                uniqueName("stubborn"),
                "node",
                List.of(NodeInterop.mutableServer().toString(), "--ignore-sigterm", tag));
        // registration discovered the tools in a session of its own, already closed: that process is gone too
        await().atMost(Duration.ofSeconds(15)).until(() -> processesTagged(tag).isEmpty());

        JsonNode greeting = ok(call(TENANT_A, toolId(server, "greet"), Map.of("arguments", Map.of("name", "bl1nk"))));
        assertThat(greeting.get("outcome").asString()).isEqualTo("success");
        assertThat(processesTagged(tag)).as("the pooled session's server runs").hasSize(1);

        client.delete()
                .uri("/api/v1/mcp/servers/" + server.get("id").asString())
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(TENANT_A))
                .exchange()
                .expectStatus()
                .isNoContent();
        await().atMost(Duration.ofSeconds(15)).until(() -> processesTagged(tag).isEmpty());
    }

    private void assertEchoAndSum(JsonNode server) {
        JsonNode echo = ok(call(TENANT_A, toolId(server, "echo"), Map.of("arguments", Map.of("message", "hi bl1nk"))));
        assertThat(echo.get("outcome").asString()).isEqualTo("success");
        assertThat(echo.get("isError").asBoolean()).isFalse();
        assertThat(echo.get("content").get(0).get("type").asString()).isEqualTo("text");
        assertThat(echo.get("content").get(0).get("text").asString()).isEqualTo("Echo: hi bl1nk");

        JsonNode sum = ok(call(TENANT_A, toolId(server, "get-sum"), Map.of("arguments", Map.of("a", 19, "b", 23))));
        assertThat(sum.get("outcome").asString()).isEqualTo("success");
        assertThat(sum.get("content").get(0).get("text").asString()).contains("42");
    }

    private static List<String> names(JsonNode server) {
        List<String> names = new ArrayList<>();
        server.get("tools").forEach(t -> names.add(t.get("name").asString()));
        return names;
    }
}
