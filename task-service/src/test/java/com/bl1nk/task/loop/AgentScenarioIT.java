package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.contracts.taskevent.ChildTaskCompleted;
import com.bl1nk.contracts.taskevent.ChildTasksDelegated;
import com.bl1nk.contracts.taskevent.ChunksRetrieved;
import com.bl1nk.contracts.taskevent.ModelDeltaStreamed;
import com.bl1nk.contracts.taskevent.TaskCompleted;
import com.bl1nk.contracts.taskevent.TaskEvent;
import com.bl1nk.contracts.taskevent.TaskQueued;
import com.bl1nk.contracts.taskevent.TaskStarted;
import com.bl1nk.contracts.taskevent.ToolCallCompleted;
import com.bl1nk.contracts.taskevent.ToolCalled;
import com.bl1nk.mockllm.RecordedRequest;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.task.tasks.TaskItBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole loop on one task: retrieval from (fake) rag-service, a tool call through (fake) mcp-service, a two-child
 * delegation, the final grounded answer; with the steps, the cost roll-up and the exact SSE sequence, and a reconnect
 * with Last-Event-ID that gets exactly the missed events.
 */
class AgentScenarioIT extends TaskItBase {

    private final UUID tenant = newTenant();
    private final UUID kb = UUID.randomUUID();
    private UUID leadId;

    @BeforeEach
    void setUp() {
        RAG.reset();
        MCP.reset();
        LLM.clearRequests();
        RAG.on(
                "POST",
                "/api/v1/knowledge-bases/",
                call -> new FakeDownstream.Reply(200, """
                {"mode":"hybrid","results":[{"chunkId":"%s","score":0.91,"knowledgeBaseId":"%s",
                 "document":{"id":"%s","name":"handbook.md"},"chunkIndex":0,"startOffset":0,"endOffset":30,
                 "snippet":"The answer","content":"The answer to everything is 42."}]}
                """.formatted(UUID.randomUUID(), kb, UUID.randomUUID())));
        MCP.on("GET", "/api/v1/mcp/tools/lookup-tool", call -> new FakeDownstream.Reply(200, """
                {"id":"lookup-tool","name":"lookup","description":"Looks facts up",
                 "inputSchema":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}
                """));
        MCP.on("POST", "/internal/v1/mcp/tools/lookup-tool/call", call -> new FakeDownstream.Reply(200, """
                {"content":[{"type":"text","text":"lookup-result-42"}],"isError":false}
                """));
        LLM.setRules(List.of(
                Rule.whenLastMessageContains("child-task-alpha").replyText("alpha says 4"),
                Rule.whenLastMessageContains("child-task-beta").replyText("beta says 2"),
                Rule.whenLastMessageContains("scenario-question")
                        .fromRole("user")
                        .replyToolCall("lookup", "{\"q\":\"answer\"}"),
                Rule.whenLastMessageContains("lookup-result-42")
                        .fromRole("tool")
                        .replyToolCall(
                                "delegate",
                                "{\"tasks\":[{\"agent\":\"alpha\",\"input\":\"child-task-alpha: first half\"},"
                                        + "{\"agent\":\"beta\",\"input\":\"child-task-beta: second half\"}]}"),
                Rule.whenLastMessageContains("alpha says 4").fromRole("tool").replyText("The answer is 42 [1].")));
        createAgent(tenant, Map.of("name", "alpha", "instructions", "You are alpha."));
        createAgent(tenant, Map.of("name", "beta", "instructions", "You are beta."));
        leadId = createAgent(
                tenant,
                Map.of(
                        "name",
                        "lead",
                        "instructions",
                        "You lead.",
                        "knowledgeBaseIds",
                        List.of(kb.toString()),
                        "allowedTools",
                        List.of("lookup-tool"),
                        "allowedSubAgents",
                        List.of("alpha", "beta"),
                        "maxDelegationDepth",
                        1,
                        "maxCostUsd",
                        "1"));
    }

    @Test
    void retrievalToolCallAndTwoChildDelegationEndInAGroundedAnswerWithExactEvents() {
        UUID taskId = createTask(tenant, leadId, "scenario-question: what is the answer?");
        List<SseEvent> events = readEvents(tenant, taskId, null, Duration.ofSeconds(60));

        assertThat(collapse(events))
                .containsExactly(
                        "queued",
                        "started",
                        "retrieval",
                        "tool_call",
                        "tool_result",
                        "delegated",
                        "child_completed",
                        "child_completed",
                        "model_delta",
                        "completed");
        // the same events as the contract's records
        List<TaskEvent> typed = typed(events);
        assertThat(typed.get(0)).isEqualTo(new TaskQueued(taskId, null));
        assertThat(typed.get(1)).isEqualTo(new TaskStarted(taskId, 1));
        assertThat(only(typed, ChunksRetrieved.class)).isEqualTo(new ChunksRetrieved(0, 1, List.of("handbook.md")));
        ToolCalled called = only(typed, ToolCalled.class);
        assertThat(called.seq()).isEqualTo(2);
        assertThat(called.name()).isEqualTo("lookup");
        assertThat(json.readTree(called.arguments()).path("q").asString()).isEqualTo("answer");
        assertThat(only(typed, ToolCallCompleted.class))
                .isEqualTo(new ToolCallCompleted(2, called.toolCallId(), "lookup", false, "lookup-result-42"));
        ChildTasksDelegated delegated = only(typed, ChildTasksDelegated.class);
        assertThat(delegated.seq()).isEqualTo(4);
        assertThat(delegated.children())
                .extracting(ChildTasksDelegated.Child::agent)
                .containsExactly("alpha", "beta");
        assertThat(new BigDecimal(delegated.budgetPerChildUsd())).isPositive();
        List<ChildTaskCompleted> childrenDone = all(typed, ChildTaskCompleted.class);
        assertThat(childrenDone)
                .extracting(ChildTaskCompleted::taskId)
                .containsExactlyElementsOf(delegated.children().stream()
                        .map(ChildTasksDelegated.Child::taskId)
                        .toList());
        assertThat(childrenDone).extracting(ChildTaskCompleted::status).containsOnly("succeeded");
        String streamed = all(typed, ModelDeltaStreamed.class).stream()
                .peek(d -> assertThat(d.seq()).isEqualTo(5))
                .map(ModelDeltaStreamed::text)
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo("The answer is 42 [1].");
        TaskCompleted completed = (TaskCompleted) typed.getLast();
        assertThat(completed.taskId()).isEqualTo(taskId);
        assertThat(completed.status()).isEqualTo("succeeded");
        assertThat(completed.output()).isEqualTo("The answer is 42 [1].");
        assertThat(completed.reason()).isNull();

        JsonNode task = task(tenant, taskId);
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("output").asString()).isEqualTo("The answer is 42 [1].");
        List<String> kinds = new ArrayList<>();
        task.path("steps").forEach(s -> {
            kinds.add(s.path("kind").asString());
            assertThat(s.path("status").asString()).isEqualTo("completed");
            assertThat(s.path("attempt").asInt()).isEqualTo(1);
        });
        assertThat(kinds).containsExactly("retrieval", "model", "tool", "model", "delegate", "model");

        // children: both succeeded, each ran once, their cost rolled up into the parent's
        JsonNode children = task.path("children");
        assertThat(children).hasSize(2);
        BigDecimal childrenTotal = BigDecimal.ZERO;
        for (JsonNode child : children) {
            assertThat(child.path("status").asString()).isEqualTo("succeeded");
            childrenTotal =
                    childrenTotal.add(new BigDecimal(child.path("totalCostUsd").asString()));
        }
        JsonNode cost = task.path("cost");
        assertThat(childrenTotal).isPositive();
        assertThat(new BigDecimal(cost.path("childrenUsd").asString())).isEqualByComparingTo(childrenTotal);
        assertThat(new BigDecimal(completed.costUsd()))
                .isEqualByComparingTo(new BigDecimal(cost.path("totalUsd").asString()));
        assertThat(new BigDecimal(cost.path("totalUsd").asString()))
                .isEqualByComparingTo(new BigDecimal(cost.path("ownUsd").asString()).add(childrenTotal));
        BigDecimal stepCosts = BigDecimal.ZERO;
        for (JsonNode s : task.path("steps")) {
            stepCosts = stepCosts.add(new BigDecimal(s.path("costUsd").asString()));
        }
        assertThat(stepCosts)
                .isEqualByComparingTo(new BigDecimal(cost.path("ownUsd").asString()));
        JsonNode delegate = task.path("steps").get(4);
        assertThat(delegate.path("output").path("children").findValuesAsString("output"))
                .containsExactly("alpha says 4", "beta says 2");

        // downstream calls: one retrieval, one tool call with a stable idempotency key, 5 model calls in all
        assertThat(RAG.calls("POST", "/api/v1/knowledge-bases/" + kb + "/query"))
                .hasSize(1);
        assertThat(RAG.calls().getFirst().header("X-Bl1nk-Identity")).isNotBlank();
        List<FakeDownstream.Call> toolCalls = MCP.calls("POST", "/internal/v1/mcp/tools/lookup-tool/call");
        assertThat(toolCalls).hasSize(1);
        assertThat(toolCalls.getFirst().header("Idempotency-Key")).isEqualTo(taskId + ":2");
        List<RecordedRequest> chats = LLM.requests("/v1/chat/completions");
        assertThat(chats).hasSize(5);
        String firstPrompt = chats.stream()
                .map(RecordedRequest::body)
                .filter(b -> b.contains("scenario-question"))
                .findFirst()
                .orElseThrow();
        assertThat(firstPrompt).contains("The answer to everything is 42.").contains("\"delegate\"");
        // retrieved text reaches the model as delimited user-side data, never as a system message
        List<String> rolesCarryingDocuments = new ArrayList<>();
        for (JsonNode m : json.readTree(firstPrompt).path("messages")) {
            String content = m.path("content").asString("");
            if (content.contains("The answer to everything is 42.")) {
                rolesCarryingDocuments.add(m.path("role").asString());
                assertThat(content).contains("<retrieved_documents>").endsWith("</retrieved_documents>");
            }
        }
        assertThat(rolesCarryingDocuments).containsExactly("user");

        // reconnect after the `delegated` event: exactly the missed events, same ids, nothing twice
        int cut = indexOf(events, "delegated");
        List<SseEvent> resumed = readEvents(tenant, taskId, events.get(cut).id(), Duration.ofSeconds(20));
        assertThat(resumed).containsExactlyElementsOf(events.subList(cut + 1, events.size()));
    }

    private static <T extends TaskEvent> List<T> all(List<TaskEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends TaskEvent> T only(List<TaskEvent> events, Class<T> type) {
        List<T> matching = all(events, type);
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.getFirst();
    }

    private static int indexOf(List<SseEvent> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).event().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in " + events);
    }

    /** Event types with each run of model_delta collapsed to one (their count depends on tokenisation). */
    static List<String> collapse(List<SseEvent> events) {
        List<String> out = new ArrayList<>();
        for (SseEvent e : events) {
            if (e.event().equals("model_delta")
                    && !out.isEmpty()
                    && out.getLast().equals("model_delta")) {
                continue;
            }
            out.add(e.event());
        }
        return out;
    }
}
