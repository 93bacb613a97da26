package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.contracts.taskevent.TaskCompleted;
import com.bl1nk.contracts.taskevent.TaskFailed;
import com.bl1nk.mockllm.RecordedRequest;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.task.tasks.StoredText;
import com.bl1nk.task.tasks.TaskItBase;
import com.bl1nk.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A U+0000 in a model reply or a tool result is stored as U+FFFD instead of failing the step write (and the task is
 * not retried, so the model is paid once); a write the database still refuses ends the task at once, not retried.
 */
class UnstorableTextIT extends TaskItBase {

    private static final String REFUSED_MARKER = "refused-by-constraint-7f3c";

    private final UUID tenant = newTenant();

    @Autowired
    JdbcClient jdbc;

    /** DDL needs the migrating role: the app's own role (bl1nk_task) may not alter its tables. */
    private final JdbcClient admin = JdbcClient.create(TestDatabase.get().dataSource());

    @BeforeEach
    void setUp() {
        MCP.reset();
        LLM.setRules(List.of(
                Rule.whenLastMessageContains("nul-reply-marker")
                        .fromRole("user")
                        .replyText("bad\0reply"),
                Rule.whenLastMessageContains("nul-tool-marker").fromRole("user").replyToolCall("binary", "{}"),
                Rule.whenLastMessageContains("refused-reply-marker")
                        .fromRole("user")
                        .replyText("this reply is " + REFUSED_MARKER)));
        MCP.on("GET", "/api/v1/mcp/tools/binary-tool", call -> new FakeDownstream.Reply(200, """
                {"id":"binary-tool","name":"binary","description":"Returns binary-ish text",
                 "inputSchema":{"type":"object"}}
                """));
        // the JSON escape of U+0000, as a real MCP server would send it
        MCP.on("POST", "/internal/v1/mcp/tools/binary-tool/call", call -> new FakeDownstream.Reply(200, """
                {"content":[{"type":"text","text":"tool\\u0000out"}],"isError":false}
                """));
    }

    @Test
    void aModelReplyWithNulSucceedsWithTheReplacementCharacterAfterOneModelCall() {
        UUID agent = createAgent(tenant, Map.of("name", "nul-replier", "instructions", "Answer."));
        UUID taskId = createTask(tenant, agent, "nul-reply-marker: say something");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> task(tenant, taskId).path("status").asString().matches("succeeded|failed"));

        JsonNode task = task(tenant, taskId);
        String expected = "bad" + StoredText.REPLACEMENT + "reply";
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("output").asString()).isEqualTo(expected).doesNotContain("\0");
        assertThat(task.path("attempts").asInt()).isEqualTo(1);
        JsonNode step = task.path("steps").get(0);
        assertThat(step.path("kind").asString()).isEqualTo("model");
        assertThat(step.path("status").asString()).isEqualTo("completed");
        assertThat(step.path("attempt").asInt()).isEqualTo(1);
        assertThat(step.path("output").path("content").asString()).isEqualTo(expected);
        assertThat(modelCallsWith("nul-reply-marker")).hasSize(1);
        List<SseEvent> events = readEvents(tenant, taskId, null, Duration.ofSeconds(10));
        assertThat(events.getLast().typed())
                .isInstanceOfSatisfying(
                        TaskCompleted.class, e -> assertThat(e.output()).isEqualTo(expected));
    }

    @Test
    void aToolResultWithNulIsStoredWithTheReplacementCharacter() {
        UUID agent = createAgent(
                tenant,
                Map.of("name", "nul-tool-user", "instructions", "Use tools.", "allowedTools", List.of("binary-tool")));
        UUID taskId = createTask(tenant, agent, "nul-tool-marker: call the tool");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> task(tenant, taskId).path("status").asString().matches("succeeded|failed"));

        JsonNode task = task(tenant, taskId);
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("attempts").asInt()).isEqualTo(1);
        JsonNode toolStep = task.path("steps").get(1);
        assertThat(toolStep.path("kind").asString()).isEqualTo("tool");
        assertThat(toolStep.path("output").path("result").asString())
                .isEqualTo("tool" + StoredText.REPLACEMENT + "out");
        // mock-llm echoes the tool result (still holding the NUL the tool sent) into the answer: stored replaced too
        assertThat(task.path("output").asString())
                .contains("tool" + StoredText.REPLACEMENT + "out")
                .doesNotContain("\0");
        assertThat(MCP.calls("POST", "/internal/v1/mcp/tools/binary-tool/call")).hasSize(1);
        assertThat(modelCallsWith("nul-tool-marker")).hasSize(2);
    }

    @Test
    void aWriteTheDatabaseRefusesFailsTheTaskAtOnceWithoutRetrying() {
        // a real check violation on the step row, as any data error the sanitising does not cover would be
        admin.sql("alter table task.task_steps add constraint refuse_marker_it check (output is null or position('"
                        + REFUSED_MARKER + "' in output::text) = 0) not valid")
                .update();
        try {
            UUID agent = createAgent(tenant, Map.of("name", "refused", "instructions", "Answer."));
            UUID taskId = createTask(tenant, agent, "refused-reply-marker: answer");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> task(tenant, taskId).path("status").asString().equals("failed"));

            JsonNode task = task(tenant, taskId);
            assertThat(task.path("statusReason").asString())
                    .isEqualTo("storage_rejected: the database refused to store a result of this task"
                            + " (DataIntegrityViolationException); it was not retried");
            assertThat(task.path("attempts").asInt()).isEqualTo(1);
            assertThat(modelCallsWith("refused-reply-marker")).hasSize(1);
            List<SseEvent> events = readEvents(tenant, taskId, null, Duration.ofSeconds(10));
            assertThat(events.getLast().typed())
                    .isInstanceOfSatisfying(
                            TaskFailed.class, e -> assertThat(e.reason()).startsWith("storage_rejected:"));
        } finally {
            admin.sql("alter table task.task_steps drop constraint refuse_marker_it")
                    .update();
        }
    }

    private static List<RecordedRequest> modelCallsWith(String marker) {
        return LLM.requests("/v1/chat/completions").stream()
                .filter(r -> r.body().contains(marker))
                .toList();
    }
}
