package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.TaskItBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A final answer above {@code bl1nk.task.tasks.max-output-chars} (64 Ki characters) fails the task plainly. */
class OutputLimitIT extends TaskItBase {

    private final UUID tenant = newTenant();

    @Test
    void anAnswerAboveTheLimitFailsTheTaskWithOutputTooLargeAndStoresNoOutput() {
        LLM.setRules(List.of(Rule.whenLastMessageContains("huge-answer-marker")
                .fromRole("user")
                .replyText("x".repeat(70_000))));
        UUID agent = createAgent(tenant, Map.of("name", "verbose", "instructions", "Answer at length."));
        UUID taskId = createTask(tenant, agent, "huge-answer-marker: tell me everything");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> task(tenant, taskId).path("status").asString().matches("succeeded|failed"));

        JsonNode task = task(tenant, taskId);
        assertThat(task.path("status").asString()).isEqualTo("failed");
        assertThat(task.path("statusReason").asString())
                .isEqualTo("output_too_large: the answer has 70000 characters; the limit is 65536");
        assertThat(task.path("output").isMissingNode() || task.path("output").isNull())
                .as(task.path("output").toString())
                .isTrue();
        assertThat(task.path("attempts").asInt()).isEqualTo(1);
        assertThat(LLM.requests("/v1/chat/completions").stream()
                        .filter(r -> r.body().contains("huge-answer-marker")))
                .hasSize(1);
    }
}
