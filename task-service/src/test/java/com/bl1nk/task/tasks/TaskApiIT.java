package com.bl1nk.task.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.contracts.task.TaskResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TaskApiIT extends TaskItBase {

    private final UUID tenantA = newTenant();
    private final UUID tenantB = newTenant();
    private UUID agentId;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void agent() {
        LLM.setRules(List.of());
        agentId = createAgent(tenantA, Map.of("name", "echo", "instructions", "Answer briefly."));
    }

    @Test
    void runsATaskToItsAnswerAndShowsStepsCostAndTiming() {
        UUID taskId = createTask(tenantA, agentId, "Say hello");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(tenantA, taskId).equals("succeeded"));
        JsonNode task = task(tenantA, taskId);
        assertThat(task.path("output").asString()).isNotBlank();
        assertThat(task.path("agentVersion").asInt()).isEqualTo(1);
        assertThat(task.path("steps")).hasSize(1);
        JsonNode step = task.path("steps").get(0);
        assertThat(step.path("kind").asString()).isEqualTo("model");
        assertThat(step.path("status").asString()).isEqualTo("completed");
        assertThat(step.path("promptTokens").asInt()).isPositive();
        assertThat(new java.math.BigDecimal(task.path("cost").path("totalUsd").asString()))
                .isPositive();
        assertThat(task.path("startedAt").isNull()).isFalse();
        assertThat(task.path("finishedAt").isNull()).isFalse();
        assertThat(task.path("durationMs").asLong()).isNotNegative();

        // the contract mcp-service's task client reads: every field task-service writes is in it, unchanged
        JsonMapper mapper = JsonMapper.builder().build();
        TaskResponse decoded = mapper.treeToValue(task, TaskResponse.class);
        JsonNode written = mapper.valueToTree(decoded);
        assertThat(written.toString()).isEqualTo(task.toString());
        assertThat(decoded.steps()).hasSize(1);
    }

    @Test
    void fiftyConcurrentCreatesWithOneIdempotencyKeyMakeOneTask() throws Exception {
        String body = toJson(Map.of("agentId", agentId.toString(), "input", "once only"));
        String key = "idem-" + UUID.randomUUID();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(() -> post("/api/v1/tasks", tenantA, body, "Idempotency-Key", key));
        }
        Set<String> ids = new HashSet<>();
        for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).isEqualTo(201);
            ids.add(read(r).path("id").asString());
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        Integer rows = jdbc.sql("select count(*) from task.tasks where tenant_id = ? and input = 'once only'")
                .param(tenantA)
                .query(Integer.class)
                .single();
        assertThat(rows).isEqualTo(1);

        HttpResponse<String> other = post(
                "/api/v1/tasks",
                tenantA,
                toJson(Map.of("agentId", agentId.toString(), "input", "a different body")),
                "Idempotency-Key",
                key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(read(other).path("code").asString()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void refusesAnOverlongIdempotencyKeyLikeEveryOtherCreatingPost() {
        Integer before = countTasks();
        HttpResponse<String> r = post(
                "/api/v1/tasks",
                tenantA,
                toJson(Map.of("agentId", agentId.toString(), "input", "never created")),
                "Idempotency-Key",
                "k".repeat(256));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(read(r).path("code").asString()).isEqualTo("invalid_idempotency_key");
        assertThat(countTasks()).isEqualTo(before);
    }

    @Test
    void listsTasksWithACursorAndAStatusFilter() {
        for (int i = 0; i < 3; i++) {
            createTask(tenantA, agentId, "list me " + i);
        }
        JsonNode first = read(get("/api/v1/tasks?limit=2", tenantA));
        assertThat(first.path("items")).hasSize(2);
        String cursor = first.path("nextCursor").asString();
        JsonNode second = read(get("/api/v1/tasks?limit=2&cursor=" + cursor, tenantA));
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(get("/api/v1/tasks?status=bogus", tenantA).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/tasks?status=queued", tenantA).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsBadInputWithoutWritingAnything() {
        Integer before = countTasks();
        assertThat(post("/api/v1/tasks", tenantA, "{\"input\":\"no agent\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/tasks", tenantA, toJson(Map.of("agentId", agentId.toString(), "input", " ")))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/tasks", tenantA, "{\"agentId\":\"nope\",\"input\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/tasks", tenantA, "[").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post(
                "/api/v1/tasks",
                tenantA,
                toJson(Map.of("agentId", UUID.randomUUID().toString(), "input", "x")));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        HttpResponse<String> huge = post(
                "/api/v1/tasks", tenantA, toJson(Map.of("agentId", agentId.toString(), "input", "x".repeat(40_000))));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(get("/api/v1/tasks/" + UUID.randomUUID(), tenantA).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/tasks/" + UUID.randomUUID() + "/events", tenantA, null, "Last-Event-ID", "x")
                        .statusCode())
                .isEqualTo(400);
        assertThat(countTasks()).isEqualTo(before);
    }

    @Test
    void tenantBCannotReadCancelOrStreamTenantATasksOrUseItsAgents() {
        UUID taskId = createTask(tenantA, agentId, "private work");
        assertThat(get("/api/v1/tasks/" + taskId, tenantB).statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/tasks/" + taskId + "/cancel", tenantB, null).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/tasks/" + taskId + "/events", tenantB).statusCode())
                .isEqualTo(404);
        assertThat(read(get("/api/v1/tasks", tenantB)).path("items").findValuesAsString("id"))
                .doesNotContain(taskId.toString());
        assertThat(post("/api/v1/tasks", tenantB, toJson(Map.of("agentId", agentId.toString(), "input", "steal")))
                        .statusCode())
                .isEqualTo(422);
        assertThat(get("/api/v1/tasks/" + taskId, tenantA).statusCode()).isEqualTo(200);
    }

    private Integer countTasks() {
        return jdbc.sql("select count(*) from task.tasks where tenant_id = ?")
                .param(tenantA)
                .query(Integer.class)
                .single();
    }
}
