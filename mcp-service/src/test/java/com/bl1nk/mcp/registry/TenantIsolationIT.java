package com.bl1nk.mcp.registry;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static com.bl1nk.testsupport.TestTenants.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.TenantIsolation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tenant B can neither see nor change nor call tenant A's servers and tools: all 404, A's data untouched. */
class TenantIsolationIT extends McpServiceIT {

    @Test
    void tenantBCannotSeeChangeOrCallTenantAsServersAndTools() {
        JsonNode server = registerStdio(
                TENANT_A,
                uniqueName("isolated"),
                "node",
                List.of(NodeInterop.mutableServer().toString()));
        String serverId = server.get("id").asString();
        String toolId = toolId(server, "greet");
        String hash = server.get("tools").get(0).get("schemaHash").asString();

        TenantIsolation.as(TENANT_B, client)
                .get("/api/v1/mcp/servers/{id}", serverId)
                .patch("/api/v1/mcp/servers/{id}", Map.of("enabled", false), serverId)
                .post("/api/v1/mcp/servers/{id}/refresh", Map.of(), serverId)
                .delete("/api/v1/mcp/servers/{id}", serverId)
                .get("/api/v1/mcp/tools/{id}", toolId)
                .post("/api/v1/mcp/tools/{id}/approve", Map.of("schemaHash", hash), toolId)
                .put("/api/v1/mcp/tools/{id}/allowed-callers", Map.of("callers", List.of()), toolId)
                .post("/api/v1/mcp/tools/{id}/call", Map.of("arguments", Map.of("name", "Eve")), toolId)
                .post("/internal/v1/mcp/tools/{id}/call", Map.of("arguments", Map.of("name", "Eve")), toolId);

        assertThat(get(TENANT_B, "/api/v1/mcp/servers?limit=200").getResponseBody())
                .doesNotContain(serverId);
        assertThat(get(TENANT_B, "/api/v1/mcp/tools?limit=200").getResponseBody())
                .doesNotContain(toolId);
        assertThat(get(TENANT_B, "/api/v1/mcp/tools?serverId=" + serverId).getResponseBody())
                .doesNotContain(toolId);

        JsonNode stillThere = json(get(TENANT_A, "/api/v1/mcp/servers/" + serverId));
        assertThat(stillThere.get("enabled").asBoolean()).isTrue();
        assertThat(json(call(TENANT_A, toolId, Map.of("arguments", Map.of("name", "Alice"))))
                        .get("content")
                        .get(0)
                        .get("text")
                        .asString())
                .isEqualTo("Hello, Alice!");
    }
}
