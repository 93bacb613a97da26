package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.smoke.RunningPlatform;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The first-start demo on the real {@code ./bl1nk up}: up creates tenant {@code demo} with a guide agent whose first
 * task retrieves from the bundled docs, calls the demo MCP tool and delegates; it prints the commands to try; and
 * seeding again ({@code ./bl1nk demo}, twice) duplicates nothing.
 */
@Order(5)
class DemoSeedIT {

    private static PlatformApi api;
    private static String demoKey;

    @BeforeAll
    static void platform() throws Exception {
        api = PlatformApi.get();
        MockLlm.reset(); // the startup rules, which script the demo's model side
        demoKey = Files.readString(api.platform().state().resolve("demo-key")).strip();
    }

    @Test
    void upCreatesTheDemoAndPrintsTheThreeCommandsToTry() {
        String up = api.platform().upOutput();
        assertThat(up).contains("demo: created tenant 'demo', agent demo-guide");
        assertThat(up).contains("knowledge base bl1nk-docs (4 documents), MCP tool get_weather");
        assertThat(up)
                .contains("export BL1NK_KEY=$(cat ")
                .contains("/api/v1/tasks -H")
                .contains("curl -N ")
                .contains("/events");
        assertThat(up).doesNotContain(demoKey);
    }

    @Test
    void seedingAgainTwiceDuplicatesNothing() throws Exception {
        for (int run = 1; run <= 2; run++) {
            RunningPlatform.Result seeded = RunningPlatform.bl1nk("demo", Map.of("BL1NK_ADMIN_KEY", api.adminKey()));
            assertThat(seeded.exitCode()).as(seeded.output()).isZero();
            assertThat(seeded.output())
                    .contains("demo: tenant 'demo' and agent demo-guide")
                    .contains("curl -N ");
        }

        assertThat(api.platform().queryLong("select count(*) from identity.tenants where slug = 'demo'"))
                .isEqualTo(1);
        assertThat(names(api.get(demoKey, "/api/v1/agents?limit=100")))
                .containsExactlyInAnyOrder("demo-guide", "demo-helper");
        List<String> kbs = names(api.get(demoKey, "/api/v1/knowledge-bases?limit=100"));
        assertThat(kbs).containsExactly("bl1nk-docs");
        assertThat(names(api.get(demoKey, "/api/v1/mcp/servers?limit=100"))).containsExactly("demo-weather");
        assertThat(api.platform()
                        .queryLong("select count(*) from rag.documents d join rag.knowledge_bases k"
                                + " on k.id = d.knowledge_base_id where k.name = 'bl1nk-docs'"))
                .isEqualTo(4);
    }

    @Test
    void theDemoTaskRetrievesCallsTheToolAndDelegates() {
        UUID guide = agentId("demo-guide");

        UUID taskId = api.createTask(demoKey, guide, "Give me the demo tour: what is bl1nk?");
        JsonNode task = api.awaitTask(demoKey, taskId, Duration.ofSeconds(120));

        assertThat(task.path("status").asString()).as("%s", task).isEqualTo("succeeded");
        List<String> kinds = new ArrayList<>();
        task.path("steps").forEach(s -> kinds.add(s.path("kind").asString()));
        assertThat(kinds).containsExactly("retrieval", "model", "tool", "model", "delegate", "model");
        JsonNode retrieval = task.path("steps").get(0).path("output");
        assertThat(retrieval.path("chunks")).isNotEmpty();
        assertThat(retrieval.toString()).contains("README.md");
        JsonNode tool = task.path("steps").get(2);
        assertThat(tool.toString()).contains("get_weather").contains("Weather in Paris");
        assertThat(task.path("output").asString())
                .startsWith("Demo answer:")
                .contains("18 °C in Paris")
                .contains("./bl1nk up");
    }

    private static UUID agentId(String name) {
        JsonNode agents = PlatformApi.expect(api.get(demoKey, "/api/v1/agents?limit=100"), 200);
        for (JsonNode a : agents.path("items")) {
            if (a.path("name").asString().equals(name)) {
                return UUID.fromString(a.path("id").asString());
            }
        }
        throw new AssertionError("no agent " + name + " in " + agents);
    }

    private static List<String> names(java.net.http.HttpResponse<String> response) {
        JsonNode page = PlatformApi.expect(response, 200);
        List<String> names = new ArrayList<>();
        page.path("items").forEach(i -> names.add(i.path("name").asString()));
        return names;
    }
}
