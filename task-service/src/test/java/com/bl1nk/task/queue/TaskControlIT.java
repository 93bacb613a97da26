package com.bl1nk.task.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.contracts.taskevent.TaskCancelled;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.TaskItBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cancellation (with its cascade), budget exhaustion and the step limit end a task with a clear reason. */
class TaskControlIT extends TaskItBase {

    private final UUID tenant = newTenant();

    @BeforeEach
    void rules() {
        LLM.setRules(List.of(
                Rule.whenLastMessageContains("hang-child").hang(),
                Rule.whenLastMessageContains("hang-alone").hang(),
                Rule.whenLastMessageContains("fan-out-hanging")
                        .fromRole("user")
                        .replyToolCall(
                                "delegate",
                                "{\"tasks\":[{\"agent\":\"sleeper\",\"input\":\"hang-child one\"},"
                                        + "{\"agent\":\"sleeper\",\"input\":\"hang-child two\"}]}"),
                Rule.whenLastMessageContains("spend-marker").fromRole("user").replyToolCall("nothing", "{}"),
                Rule.whenLastMessageContains("not available").fromRole("tool").replyToolCall("nothing", "{}")));
    }

    @Test
    void cancelStopsARunningTaskAndItsChildrenWithinSeconds() {
        createAgent(tenant, Map.of("name", "sleeper", "instructions", "Sleep."));
        UUID boss = createAgent(
                tenant, Map.of("name", "boss", "instructions", "Delegate.", "allowedSubAgents", List.of("sleeper")));
        UUID taskId = createTask(tenant, boss, "fan-out-hanging now");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode children = task(tenant, taskId).path("children");
            return children.size() == 2
                    && children.findValuesAsString("status").stream().allMatch("running"::equals);
        });

        JsonNode cancelled = read(post("/api/v1/tasks/" + taskId + "/cancel", tenant, null));
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(task(tenant, taskId).path("children").findValuesAsString("status"))
                                .containsOnly("cancelled"));
        List<SseEvent> events = readEvents(tenant, taskId, null, Duration.ofSeconds(10));
        assertThat(events.getLast().typed())
                .isInstanceOfSatisfying(
                        TaskCancelled.class, c -> assertThat(c.taskId()).isEqualTo(taskId));
        // cancel is idempotent and a cancelled task stays cancelled
        assertThat(read(post("/api/v1/tasks/" + taskId + "/cancel", tenant, null))
                        .path("status")
                        .asString())
                .isEqualTo("cancelled");
    }

    @Test
    void cancelInterruptsAModelCallInFlight() {
        UUID agent = createAgent(tenant, Map.of("name", "lonely", "instructions", "Wait."));
        UUID taskId = createTask(tenant, agent, "hang-alone please");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> task(tenant, taskId).path("steps").size() == 1);
        post("/api/v1/tasks/" + taskId + "/cancel", tenant, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> status(tenant, taskId).equals("cancelled"));
        assertThat(task(tenant, taskId).path("statusReason").asString()).contains("cancelled by");
    }

    @Test
    void budgetExhaustionEndsTheTaskWithAClearReasonAndNoOverspend() {
        UUID agent = createAgent(
                tenant, Map.of("name", "spender", "instructions", "Spend.", "maxSteps", 100, "maxCostUsd", "0.0003"));
        UUID taskId = createTask(tenant, agent, "spend-marker go");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(tenant, taskId).equals("failed"));
        JsonNode task = task(tenant, taskId);
        assertThat(task.path("statusReason").asString()).startsWith("budget_exhausted:");
        BigDecimal spent = new BigDecimal(task.path("cost").path("totalUsd").asString());
        assertThat(spent).isPositive().isLessThanOrEqualTo(new BigDecimal("0.0003"));
        assertThat(task.path("steps").size()).isGreaterThan(2);
    }

    @Test
    void stepLimitEndsTheTaskWithAClearReason() {
        UUID agent = createAgent(tenant, Map.of("name", "looper", "instructions", "Loop.", "maxSteps", 2));
        UUID taskId = createTask(tenant, agent, "spend-marker loop");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(tenant, taskId).equals("failed"));
        assertThat(task(tenant, taskId).path("statusReason").asString()).startsWith("max_steps_exceeded:");
    }
}
