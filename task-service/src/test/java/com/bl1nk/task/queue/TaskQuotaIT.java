package com.bl1nk.task.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.TaskItBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A tenant has at most its quota of queued or running tasks; one more is 429, and a finished one frees its slot. */
class TaskQuotaIT extends TaskItBase {

    @Autowired
    JdbcClient jdbc;

    private final UUID tenant = newTenant();
    private final List<UUID> started = new ArrayList<>();

    @BeforeEach
    void modelCallsHang() {
        LLM.setRules(List.of(Rule.whenLastMessageContains("hang-quota").hang()));
    }

    @AfterEach
    void cancelAll() {
        started.forEach(id -> post("/api/v1/tasks/" + id + "/cancel", tenant, null));
        LLM.setRules(List.of());
    }

    @Test
    void theTaskBeyondTheQuotaIsRefusedUntilOneFinishes() {
        UUID agent = createAgent(tenant, Map.of("name", "waiter", "instructions", "Wait."));
        for (int i = 0; i < MAX_ACTIVE_TASKS; i++) {
            started.add(createTask(tenant, agent, "hang-quota " + i));
        }
        HttpResponse<String> refused =
                post("/api/v1/tasks", tenant, toJson(Map.of("agentId", agent.toString(), "input", "hang-quota more")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        JsonNode problem = read(refused);
        assertThat(problem.path("code").asString()).isEqualTo("quota_exceeded");
        assertThat(problem.path("limit").asInt()).isEqualTo(MAX_ACTIVE_TASKS);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(count()).isEqualTo(MAX_ACTIVE_TASKS);

        // another tenant is not affected
        UUID other = newTenant();
        UUID otherAgent = createAgent(other, Map.of("name", "waiter", "instructions", "Wait."));
        UUID otherTask = createTask(other, otherAgent, "hang-quota elsewhere");
        post("/api/v1/tasks/" + otherTask + "/cancel", other, null);

        // a cancelled task frees its slot
        UUID first = started.getFirst();
        post("/api/v1/tasks/" + first + "/cancel", tenant, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(tenant, first).equals("cancelled"));
        started.add(createTask(tenant, agent, "hang-quota after one finished"));
    }

    @Test
    void aTenantHoldsAtMostItsQuotaOfOpenEventStreams() throws Exception {
        UUID agent = createAgent(tenant, Map.of("name", "streamer", "instructions", "Wait."));
        UUID task = createTask(tenant, agent, "hang-quota streaming");
        started.add(task);
        java.util.List<java.io.InputStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                HttpResponse<java.io.InputStream> opened = events(task);
                assertThat(opened.statusCode()).isEqualTo(200);
                streams.add(opened.body());
            }
            HttpResponse<java.io.InputStream> refused = events(task);
            assertThat(refused.statusCode()).isEqualTo(429);
            String body = new String(refused.body().readAllBytes());
            assertThat(body).contains("quota_exceeded").contains("\"limit\":" + MAX_STREAMS);

            // a client that hangs up frees its stream once the server notices (at the next heartbeat)
            streams.removeFirst().close();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                HttpResponse<java.io.InputStream> again = events(task);
                if (again.statusCode() == 200) {
                    streams.add(again.body());
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            for (java.io.InputStream stream : streams) {
                stream.close();
            }
        }
    }

    private HttpResponse<java.io.InputStream> events(UUID task) throws Exception {
        return http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/tasks/" + task + "/events"))
                        .header(com.bl1nk.common.identity.IdentityHeaders.IDENTITY, token(tenant))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private int count() {
        return jdbc.sql("select count(*) from task.tasks where tenant_id = :t")
                .param("t", tenant)
                .query(Integer.class)
                .single();
    }
}
