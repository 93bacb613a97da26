package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import com.bl1nk.gateway.smoke.RunningPlatform;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tenant isolation across every service of the real platform: tenant A is the bootstrap (default) tenant, tenant B is
 * created by the platform admin with an owner key of its own. B's key finds none of A's resources (404, exactly like a
 * missing one) and changes none of them, in task-service, rag-service, mcp-service, billing-service and the gateway's
 * control plane; and B's key with a forged {@code X-Bl1nk-Identity} header carrying a token validly signed for tenant A
 * (minted with the platform's own secret) still sees only tenant B's data.
 */
@Order(40)
class TenantIsolationIT {

    private static PlatformApi api;
    private static String keyA;
    private static UUID tenantA;
    private static UUID adminKeyId;
    private static PlatformApi.Tenant b;
    private static UUID agentA;
    private static UUID taskA;
    private static UUID kbA;
    private static UUID budgetA;
    private static UUID agentB;

    @BeforeAll
    static void resourcesInBothTenants() {
        api = PlatformApi.get();
        keyA = api.adminKey();
        JsonNode keys = PlatformApi.expect(api.get(keyA, "/api/v1/api-keys?limit=200"), 200);
        String prefix = keyA.split("_")[1];
        for (JsonNode k : keys.path("items")) {
            if (k.path("prefix").asString().equals(prefix)) {
                adminKeyId = PlatformApi.id(k);
                tenantA = UUID.fromString(k.path("tenantId").asString());
            }
        }
        assertThat(tenantA).as("the admin key among %s", keys).isNotNull();

        b = api.newTenant("iso-b");
        assertThat(b.id()).isNotEqualTo(tenantA);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        agentA = api.createAgent(
                keyA, Map.of("name", "iso-a-" + suffix, "instructions", "Tenant A's agent.", "model", "mock-gpt"));
        taskA = api.createTask(keyA, agentA, "tenant A's question");
        kbA = api.createKnowledgeBase(keyA, "iso-a-" + suffix);
        budgetA = PlatformApi.id(PlatformApi.expect(
                api.post(
                        keyA,
                        "/api/v1/budgets",
                        Map.of("scope", "agent", "scopeId", agentA.toString(), "period", "monthly", "limitUsd", 100)),
                201));
        agentB = api.createAgent(
                b.key(), Map.of("name", "iso-b-" + suffix, "instructions", "Tenant B's agent.", "model", "mock-gpt"));
    }

    @Test
    void tenantBCannotReadOrChangeTenantAsAgent() {
        notFound(api.get(b.key(), "/api/v1/agents/" + agentA));
        notFound(api.get(b.key(), "/api/v1/agents/" + agentA + "/versions/1"));
        notFound(api.put(b.key(), "/api/v1/agents/" + agentA, Map.of("name", "stolen", "instructions", "mine now")));
        notFound(api.delete(b.key(), "/api/v1/agents/" + agentA));
        assertThat(ids(api.get(b.key(), "/api/v1/agents?limit=200")))
                .contains(agentB)
                .doesNotContain(agentA);
        // B cannot run A's agent either
        HttpResponse<String> task = api.post(
                b.key(), "/api/v1/tasks", Map.of("agentId", agentA.toString(), "input", "run tenant A's agent"));
        assertThat(task.statusCode()).as(task.body()).isIn(404, 422);

        JsonNode stillThere = PlatformApi.expect(api.get(keyA, "/api/v1/agents/" + agentA), 200);
        assertThat(stillThere.path("version").asInt()).isEqualTo(1);
    }

    @Test
    void tenantBCannotReadCancelOrStreamTenantAsTask() {
        notFound(api.get(b.key(), "/api/v1/tasks/" + taskA));
        notFound(api.post(b.key(), "/api/v1/tasks/" + taskA + "/cancel", "{}"));
        notFound(api.get(b.key(), "/api/v1/tasks/" + taskA + "/events"));
        assertThat(ids(api.get(b.key(), "/api/v1/tasks?limit=200"))).doesNotContain(taskA);

        JsonNode task = api.awaitTask(keyA, taskA, Duration.ofSeconds(120));
        assertThat(task.path("status").asString()).as("%s", task).isEqualTo("succeeded");
    }

    @Test
    void tenantBCannotReadQueryOrDeleteTenantAsKnowledgeBase() {
        notFound(api.get(b.key(), "/api/v1/knowledge-bases/" + kbA));
        notFound(api.get(b.key(), "/api/v1/knowledge-bases/" + kbA + "/documents"));
        notFound(api.post(b.key(), "/api/v1/knowledge-bases/" + kbA + "/query", Map.of("query", "anything")));
        notFound(api.post(
                b.key(),
                "/api/v1/knowledge-bases/" + kbA + "/documents/text",
                Map.of("name", "planted.md", "text", "# planted", "contentType", "text/markdown")));
        notFound(api.delete(b.key(), "/api/v1/knowledge-bases/" + kbA));
        assertThat(ids(api.get(b.key(), "/api/v1/knowledge-bases?limit=200"))).doesNotContain(kbA);

        PlatformApi.expect(api.get(keyA, "/api/v1/knowledge-bases/" + kbA), 200);
        assertThat(ids(api.get(keyA, "/api/v1/knowledge-bases/" + kbA + "/documents?limit=200")))
                .isEmpty();
    }

    @Test
    void tenantBCannotReadOrChangeTenantAsBudget() {
        notFound(api.get(b.key(), "/api/v1/budgets/" + budgetA));
        notFound(api.put(b.key(), "/api/v1/budgets/" + budgetA, Map.of("limitUsd", 1)));
        notFound(api.delete(b.key(), "/api/v1/budgets/" + budgetA));
        assertThat(ids(api.get(b.key(), "/api/v1/budgets?limit=200"))).doesNotContain(budgetA);

        JsonNode budget = PlatformApi.expect(api.get(keyA, "/api/v1/budgets/" + budgetA), 200);
        assertThat(budget.path("limitUsd").asString()).startsWith("100");
    }

    @Test
    void tenantBCannotSeeTenantAInTheControlPlane() {
        notFound(api.get(b.key(), "/api/v1/tenants/" + tenantA));
        notFound(api.get(b.key(), "/api/v1/api-keys/" + adminKeyId));
        notFound(api.delete(b.key(), "/api/v1/api-keys/" + adminKeyId));
        notFound(api.post(
                b.key(),
                "/api/v1/api-keys",
                Map.of("name", "into-a", "roles", List.of("viewer"), "tenantId", tenantA.toString())));
        assertThat(ids(api.get(b.key(), "/api/v1/api-keys?limit=200"))).doesNotContain(adminKeyId);
        PlatformApi.expect(api.get(b.key(), "/api/v1/tenants/" + b.id()), 200);
        // A's key still works: B's DELETE above changed nothing
        PlatformApi.expect(api.get(keyA, "/api/v1/api-keys/" + adminKeyId), 200);
    }

    /**
     * Registers the MCP reference server in tenant A. In the {@code ./bl1nk up} configuration mcp-service refuses
     * loopback servers (SSRF guard) and this machine has no public address, so this is skipped when refused.
     */
    @Test
    void tenantBCannotSeeOrCallTenantAsMcpServerAndTools() {
        try (NodeE2e.Server everything = NodeE2e.startEverythingHttp()) {
            HttpResponse<String> registered = api.post(
                    keyA,
                    "/api/v1/mcp/servers",
                    Map.of(
                            "name",
                            "iso-a-everything-" + UUID.randomUUID().toString().substring(0, 6),
                            "transport",
                            "streamable_http",
                            "url",
                            everything.url()));
            Assumptions.assumeTrue(
                    registered.statusCode() == 201,
                    () -> "mcp-service refused to register the reference server at " + everything.url()
                            + " in the ./bl1nk up configuration: " + registered.statusCode() + " "
                            + registered.body());
            UUID server = PlatformApi.id(PlatformApi.JSON.readTree(registered.body()));
            List<UUID> toolsOfA = ids(api.get(keyA, "/api/v1/mcp/tools?serverId=" + server + "&limit=200"));
            assertThat(toolsOfA).isNotEmpty();
            UUID tool = toolsOfA.getFirst();

            notFound(api.get(b.key(), "/api/v1/mcp/servers/" + server));
            notFound(api.patch(b.key(), "/api/v1/mcp/servers/" + server, Map.of("enabled", false)));
            notFound(api.post(b.key(), "/api/v1/mcp/servers/" + server + "/refresh", "{}"));
            notFound(api.delete(b.key(), "/api/v1/mcp/servers/" + server));
            notFound(api.get(b.key(), "/api/v1/mcp/tools/" + tool));
            notFound(api.post(b.key(), "/api/v1/mcp/tools/" + tool + "/call", Map.of("arguments", Map.of())));
            assertThat(ids(api.get(b.key(), "/api/v1/mcp/servers?limit=200"))).doesNotContain(server);
            assertThat(ids(api.get(b.key(), "/api/v1/mcp/tools?limit=200"))).doesNotContainAnyElementsOf(toolsOfA);

            JsonNode still = PlatformApi.expect(api.get(keyA, "/api/v1/mcp/servers/" + server), 200);
            assertThat(still.path("enabled").asBoolean()).isTrue();
            PlatformApi.expect(api.delete(keyA, "/api/v1/mcp/servers/" + server), 204);
        }
    }

    @Test
    void aForgedIdentityHeaderSignedForTenantAStillSeesOnlyTenantB() {
        String forged = forgedTokenForTenantA();
        // the forged token is genuinely valid: straight to task-service (bypassing the gateway) it reads A's agent
        HttpResponse<String> direct = PlatformApi.send(HttpRequest.newBuilder(RunningPlatform.uri(
                        RunningPlatform.SERVICE_PORTS.get("task-service"), "/api/v1/agents/" + agentA))
                .header("X-Bl1nk-Identity", forged)
                .GET());
        assertThat(direct.statusCode())
                .as("the forged token must be valid at the service itself: %s", direct.body())
                .isEqualTo(200);

        // through the gateway with B's key, the gateway's own token for B replaces it
        Map<String, String> paths = Map.of(
                "task-service agent", "/api/v1/agents/" + agentA,
                "task-service task", "/api/v1/tasks/" + taskA,
                "rag-service knowledge base", "/api/v1/knowledge-bases/" + kbA,
                "billing-service budget", "/api/v1/budgets/" + budgetA,
                "gateway tenant", "/api/v1/tenants/" + tenantA,
                "gateway api key", "/api/v1/api-keys/" + adminKeyId);
        for (Map.Entry<String, String> p : paths.entrySet()) {
            for (String header : List.of("X-Bl1nk-Identity", "x-bl1nk-identity")) {
                HttpResponse<String> response = PlatformApi.send(api.request(b.key(), p.getValue())
                        .header(header, forged)
                        .GET());
                assertThat(response.statusCode())
                        .as("%s with B's key and a forged %s: %s", p.getKey(), header, response.body())
                        .isEqualTo(404);
            }
        }
        List<UUID> agents = ids(PlatformApi.send(api.request(b.key(), "/api/v1/agents?limit=200")
                .header("X-Bl1nk-Identity", forged)
                .GET()));
        assertThat(agents).contains(agentB).doesNotContain(agentA);
        for (String list :
                List.of("/api/v1/knowledge-bases", "/api/v1/mcp/servers", "/api/v1/budgets", "/api/v1/tasks")) {
            List<UUID> forgedView = ids(PlatformApi.send(api.request(b.key(), list + "?limit=200")
                    .header("X-Bl1nk-Identity", forged)
                    .GET()));
            assertThat(forgedView).as(list).isEqualTo(ids(api.get(b.key(), list + "?limit=200")));
            assertThat(forgedView).as(list).doesNotContain(kbA, budgetA, taskA);
        }

        // and a forged token alone (no key, or the token posing as the key) gets nothing
        PlatformApi.expectProblem(
                PlatformApi.send(api.request(null, "/api/v1/agents/" + agentA).header("X-Bl1nk-Identity", forged)),
                401);
        PlatformApi.expectProblem(api.get(forged, "/api/v1/agents/" + agentA), 401);
    }

    /** A token for tenant A's bootstrap key (owner, platform:admin), signed with the platform gateway's own key. */
    private static String forgedTokenForTenantA() {
        WorkloadKey gatewayKey = WorkloadKey.read(
                "gateway", api.platform().state().resolve("keys").resolve("gateway.pem"));
        return new IdentityTokenCodec(
                        "gateway", gatewayKey, TrustedKeys.of(List.of()), Duration.ofMinutes(5), Clock.systemUTC())
                .mint(
                        new Identity(
                                tenantA,
                                "key:" + adminKeyId,
                                Set.of(Identity.OWNER),
                                Set.of("platform:admin"),
                                adminKeyId),
                        "task");
    }

    private static void notFound(HttpResponse<String> response) {
        JsonNode problem = PlatformApi.expectProblem(response, 404);
        assertThat(problem.path("code").asString()).isNotBlank();
    }

    private static List<UUID> ids(HttpResponse<String> response) {
        JsonNode page = PlatformApi.expect(response, 200);
        assertThat(page.has("items")).as("a page: %s", page).isTrue();
        List<UUID> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(PlatformApi.id(i)));
        return out;
    }
}
