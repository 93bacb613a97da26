package com.bl1nk.task.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.task.tasks.TaskItBase;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentApiIT extends TaskItBase {

    private final UUID tenantA = newTenant();
    private final UUID tenantB = newTenant();

    private static Map<String, Object> agent(String name) {
        return Map.of(
                "name",
                name,
                "instructions",
                "You help.",
                "allowedTools",
                List.of("tool-1"),
                "allowedSubAgents",
                List.of("helper"),
                "maxSteps",
                5,
                "maxCostUsd",
                "0.25",
                "maxDelegationDepth",
                2);
    }

    @Test
    void createsGetsAndVersionsAnAgent() {
        HttpResponse<String> created = post("/api/v1/agents", tenantA, toJson(agent("writer")));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = read(created);
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("maxCostUsd").asString()).isEqualTo("0.25");
        assertThat(body.path("allowedSubAgents").get(0).asString()).isEqualTo("helper");
        String id = body.path("id").asString();

        Map<String, Object> changed = new java.util.HashMap<>(agent("writer"));
        changed.put("instructions", "You help better.");
        HttpResponse<String> updated = send("PUT", "/api/v1/agents/" + id, tenantA, toJson(changed));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(read(updated).path("version").asInt()).isEqualTo(2);

        assertThat(read(get("/api/v1/agents/" + id, tenantA))
                        .path("instructions")
                        .asString())
                .isEqualTo("You help better.");
        assertThat(read(get("/api/v1/agents/" + id + "/versions/1", tenantA))
                        .path("instructions")
                        .asString())
                .isEqualTo("You help.");
    }

    @Test
    void listsAgentsPageByPageWithACursor() {
        for (int i = 0; i < 5; i++) {
            post("/api/v1/agents", tenantA, toJson(agent("lister-" + i)));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page =
                    get("/api/v1/agents?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), tenantA);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = read(page);
            body.path("items").forEach(a -> seen.add(a.path("name").asString()));
            cursor = body.path("nextCursor").isNull()
                    ? null
                    : body.path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void rejectsBadInputWithProblemJson() {
        HttpResponse<String> badName = post("/api/v1/agents", tenantA, toJson(agent("Not A Name!")));
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        Map<String, Object> badSteps = new java.util.HashMap<>(agent("steps"));
        badSteps.put("maxSteps", 0);
        assertThat(post("/api/v1/agents", tenantA, toJson(badSteps)).statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/agents", tenantA, "{not json").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/agents?limit=0", tenantA).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/agents?cursor=garbage", tenantA).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/agents/not-a-uuid", tenantA).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/agents", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongJsonTypeNamesTheFieldAndTheTypeExpected() {
        Map<String, Object> wrongType = new java.util.HashMap<>(agent("typed"));
        wrongType.put("maxSteps", "ten");

        HttpResponse<String> response = post("/api/v1/agents", tenantA, toJson(wrongType));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        JsonNode problem = read(response);
        assertThat(problem.path("code").asString()).isEqualTo("invalid_request");
        assertThat(problem.path("field").asString()).isEqualTo("maxSteps");
        assertThat(problem.path("expected").asString()).isEqualTo("integer");
        assertThat(problem.path("detail").asString())
                .isEqualTo("`maxSteps` must be an integer, not the string \"ten\"");
        assertThat(get("/api/v1/agents", tenantA).body()).doesNotContain("\"typed\"");
    }

    @Test
    void rejectsADuplicateNameWith409() {
        assertThat(post("/api/v1/agents", tenantA, toJson(agent("twin"))).statusCode())
                .isEqualTo(201);
        assertThat(post("/api/v1/agents", tenantA, toJson(agent("twin"))).statusCode())
                .isEqualTo(409);
        // the same name in another tenant is fine
        assertThat(post("/api/v1/agents", tenantB, toJson(agent("twin"))).statusCode())
                .isEqualTo(201);
    }

    @Test
    void returns404WhenAgentBelongsToAnotherTenant() {
        String id = read(post("/api/v1/agents", tenantA, toJson(agent("private"))))
                .path("id")
                .asString();
        assertThat(get("/api/v1/agents/" + id, tenantB).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/agents/" + id + "/versions/1", tenantB).statusCode())
                .isEqualTo(404);
        assertThat(send("PUT", "/api/v1/agents/" + id, tenantB, toJson(agent("private")))
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/agents/" + id, tenantB, null).statusCode())
                .isEqualTo(404);
        assertThat(read(get("/api/v1/agents", tenantB)).path("items").findValuesAsString("id"))
                .doesNotContain(id);
        // still there for its owner
        assertThat(get("/api/v1/agents/" + id, tenantA).statusCode()).isEqualTo(200);
    }

    @Test
    void deletedAgentIsGoneButItsVersionsRemainForTasks() {
        String id = read(post("/api/v1/agents", tenantA, toJson(agent("short-lived"))))
                .path("id")
                .asString();
        assertThat(send("DELETE", "/api/v1/agents/" + id, tenantA, null).statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/agents/" + id, tenantA).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/agents/" + id + "/versions/1", tenantA).statusCode())
                .isEqualTo(200);
    }

    @Test
    void viewerCannotCreateAgents() {
        HttpResponse<String> r = sendAs("POST", "/api/v1/agents", tenantA, toJson(agent("viewer-made")), "viewer");
        assertThat(r.statusCode()).isEqualTo(403);
    }
}
