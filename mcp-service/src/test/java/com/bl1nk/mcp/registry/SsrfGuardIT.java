package com.bl1nk.mcp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.testsupport.ProblemAssertions;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The SSRF corpus from the issue: every URL is refused with 400 {@code url_not_allowed}, nothing is stored and nothing
 * is fetched (a canary server listening on every loopback address counts zero requests).
 */
class SsrfGuardIT extends McpServiceIT {

    private static MockWebServer canary;
    private static MockWebServer redirector;
    private static MockWebServer internal;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startServers() throws Exception {
        canary = new MockWebServer();
        canary.start(InetAddress.getByName("::"), 0);
        internal = new MockWebServer();
        internal.start(InetAddress.getByName("127.0.0.6"), 0);
        redirector = new MockWebServer();
        String target = "http://127.0.0.6:" + internal.getPort() + "/mcp";
        redirector.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                        .code(302)
                        .addHeader("Location", target)
                        .build();
            }
        });
        redirector.start(InetAddress.getByName(ALLOWED_HOST), 0);
    }

    @AfterAll
    static void stopServers() {
        canary.close();
        redirector.close();
        internal.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254:PORT/latest/meta-data/",
                "http://127.0.0.1:PORT/mcp",
                "http://[::1]:PORT/mcp",
                "http://0x7f000001:PORT/mcp",
                "http://2130706433:PORT/mcp",
                "http://017700000001:PORT/mcp",
                "http://[::ffff:127.0.0.1]:PORT/mcp",
                "http://localhost:PORT/mcp",
                "http://127.1:PORT/mcp",
                "http://10.0.0.1:PORT/mcp",
                "http://[fd00::1]:PORT/mcp",
                "http://0.0.0.0:PORT/mcp"
            })
    void refusesInternalTargetsWithoutFetchingOrStoring(String template) {
        UUID tenant = UUID.randomUUID();
        String url = template.replace("PORT", Integer.toString(canary.getPort()));
        for (String transport : List.of("streamable_http", "sse")) {
            var result = post(
                    tenant,
                    "/api/v1/mcp/servers",
                    Map.of("name", uniqueName("ssrf"), "transport", transport, "url", url));

            JsonNode problem = ProblemAssertions.assertProblem(result, 400, "url_not_allowed");
            assertThat(problem.get("detail").asString()).startsWith("Refused to connect to");
        }
        assertThat(canary.getRequestCount()).isZero();
        assertThat(serverCount(tenant)).isZero();
    }

    @Test
    void refusesARedirectFromAnAllowedHostToAnInternalOne() {
        UUID tenant = UUID.randomUUID();
        var result = post(
                tenant,
                "/api/v1/mcp/servers",
                Map.of(
                        "name",
                        uniqueName("redirect"),
                        "transport",
                        "streamable_http",
                        "url",
                        "http://" + ALLOWED_HOST + ":" + redirector.getPort() + "/mcp"));

        JsonNode problem = ProblemAssertions.assertProblem(result, 400, "url_not_allowed");
        assertThat(problem.get("detail").asString()).contains("127.0.0.6");
        assertThat(redirector.getRequestCount()).isPositive();
        assertThat(internal.getRequestCount()).isZero();
        assertThat(serverCount(tenant)).isZero();
    }

    @Test
    void refusesStdioCommandsTheOperatorDidNotAllow() {
        UUID tenant = UUID.randomUUID();
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("name", uniqueName("sh"), "transport", "stdio", "command", "sh", "args", List.of("-c", "id")),
                Map.of(
                        "name",
                        uniqueName("node"),
                        "transport",
                        "stdio",
                        "command",
                        "node",
                        "args",
                        List.of("-e", "1")))) {
            ProblemAssertions.assertProblem(
                    post(tenant, "/api/v1/mcp/servers", body), 403, "stdio_command_not_allowed");
        }
        assertThat(serverCount(tenant)).isZero();
    }

    private long serverCount(UUID tenant) {
        return jdbc.sql("select count(*) from mcp.servers where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single();
    }
}
