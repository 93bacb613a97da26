package com.bl1nk.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.AuditCoverage;
import com.bl1nk.testsupport.TestIdentities;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every state-changing route of mcp-service's public API records exactly one audit event in the transaction of its
 * change (never a server's credentials), a refused change records none, and docs/audit.md lists what is audited.
 */
class AuditCoverageIT extends McpServiceIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys streamKeys;

    private AuditCoverage audit;

    @BeforeEach
    void coverage() {
        audit = new AuditCoverage(
                "mcp", PermissionCoverage.routes(mapping), jdbc, "mcp", redis, streamKeys.key(AuditRecorded.STREAM));
    }

    @Test
    void everyStateChangingRouteRecordsOneEvent() {
        UUID tenant = UUID.randomUUID();
        JsonNode server = registerStdio(
                tenant,
                uniqueName("audited"),
                "node",
                List.of(NodeInterop.mutableServer().toString()));
        String serverId = server.get("id").asString();
        AuditRecorded registered =
                audit.expectOne(tenant, "POST /api/v1/mcp/servers", "mcp.server.registered", "mcp_server", serverId);
        assertThat(registered.details()).containsEntry("transport", "stdio");
        String greet = toolId(server, "greet");
        String hash = json(get(tenant, "/api/v1/mcp/tools/" + greet))
                .get("schemaHash")
                .asString();

        assertThat(send(HttpMethod.PATCH, tenant, "/api/v1/mcp/servers/" + serverId, Map.of("enabled", false))
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(tenant, "PATCH /api/v1/mcp/servers/{id}", "mcp.server.disabled", "mcp_server", serverId);
        assertThat(send(HttpMethod.PATCH, tenant, "/api/v1/mcp/servers/" + serverId, Map.of("enabled", true))
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(tenant, "PATCH /api/v1/mcp/servers/{id}", "mcp.server.enabled", "mcp_server", serverId);

        assertThat(post(tenant, "/api/v1/mcp/servers/" + serverId + "/refresh", Map.of())
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(
                tenant, "POST /api/v1/mcp/servers/{id}/refresh", "mcp.server.refreshed", "mcp_server", serverId);

        assertThat(post(tenant, "/api/v1/mcp/tools/" + greet + "/approve", Map.of("schemaHash", hash))
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(tenant, "POST /api/v1/mcp/tools/{id}/approve", "mcp.tool.approved", "mcp_tool", greet);

        assertThat(send(
                                HttpMethod.PUT,
                                tenant,
                                "/api/v1/mcp/tools/" + greet + "/allowed-callers",
                                Map.of("callers", List.of("agent:helper")))
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(
                tenant,
                "PUT /api/v1/mcp/tools/{id}/allowed-callers",
                "mcp.tool.allowed_callers_changed",
                "mcp_tool",
                greet);
        assertThat(send(
                                HttpMethod.PUT,
                                tenant,
                                "/api/v1/mcp/tools/" + greet + "/allowed-callers",
                                Map.of("callers", List.of()))
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(
                tenant,
                "PUT /api/v1/mcp/tools/{id}/allowed-callers",
                "mcp.tool.allowed_callers_changed",
                "mcp_tool",
                greet);

        assertThat(call(tenant, greet, Map.of("arguments", Map.of("name", "Alice")))
                        .getStatus()
                        .value())
                .isEqualTo(200);
        audit.expectOne(tenant, "POST /api/v1/mcp/tools/{toolId}/call", "mcp.tool.called", "mcp_tool", greet);

        assertThat(send(HttpMethod.DELETE, tenant, "/api/v1/mcp/servers/" + serverId, null)
                        .getStatus()
                        .value())
                .isEqualTo(204);
        audit.expectOne(tenant, "DELETE /api/v1/mcp/servers/{id}", "mcp.server.deleted", "mcp_server", serverId);

        audit.assertDocumented();
    }

    @Test
    void aRefusedChangeRecordsNoEvent() {
        UUID tenant = UUID.randomUUID();
        String name = uniqueName("refusals");
        JsonNode server = registerStdio(
                tenant, name, "node", List.of(NodeInterop.mutableServer().toString()));
        String serverId = server.get("id").asString();
        audit.expectOne(tenant, "POST /api/v1/mcp/servers", "mcp.server.registered", "mcp_server", serverId);
        String greet = toolId(server, "greet");

        assertThat(post(
                                tenant,
                                "/api/v1/mcp/servers",
                                Map.of(
                                        "name",
                                        name,
                                        "transport",
                                        "stdio",
                                        "command",
                                        "node",
                                        "args",
                                        List.of(NodeInterop.mutableServer().toString())))
                        .getStatus()
                        .value())
                .isEqualTo(409);
        assertThat(send(HttpMethod.PATCH, tenant, "/api/v1/mcp/servers/" + UUID.randomUUID(), Map.of("enabled", false))
                        .getStatus()
                        .value())
                .isEqualTo(404);
        assertThat(send(HttpMethod.DELETE, tenant, "/api/v1/mcp/servers/" + UUID.randomUUID(), null)
                        .getStatus()
                        .value())
                .isEqualTo(404);
        assertThat(post(tenant, "/api/v1/mcp/tools/" + greet + "/approve", Map.of("schemaHash", "0".repeat(64)))
                        .getStatus()
                        .value())
                .isEqualTo(409);
        assertThat(send(
                                HttpMethod.PUT,
                                tenant,
                                "/api/v1/mcp/tools/" + UUID.randomUUID() + "/allowed-callers",
                                Map.of("callers", List.of()))
                        .getStatus()
                        .value())
                .isEqualTo(404);

        audit.expectNone(tenant, "refused changes (404, 409) leave no audit event");
    }

    private EntityExchangeResult<String> send(HttpMethod method, UUID tenant, String path, Object body) {
        RestTestClient.RequestBodySpec request =
                client.method(method).uri(path).header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant));
        RestTestClient.RequestHeadersSpec<?> spec = body == null
                ? request
                : request.contentType(MediaType.APPLICATION_JSON).body(body);
        return spec.exchange().expectBody(String.class).returnResult();
    }
}
