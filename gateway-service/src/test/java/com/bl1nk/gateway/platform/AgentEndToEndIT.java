package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7's main promise on the real platform, entirely through the gateway: an agent retrieves from a knowledge base
 * that rag-service really ingested, calls a tool of a real MCP server (the official reference server), delegates to two
 * sub-agents in parallel and answers from it all, with mock-llm scripting the model's side. Asserted: the result, the
 * persisted steps, the cost roll-up (task-service and billing-service agree), the exact SSE sequence, and a reconnect with
 * {@code Last-Event-ID} that gets exactly the missed events.
 */
@Order(30)
class AgentEndToEndIT {

    private static final String DOC = "zephyr-handbook.md";
    private static final String FACT = "PLUM-ORCHID-42";
    private static final String ANSWER = "The launch code is " + FACT + " [1].";
    private static final BigDecimal INPUT_PER_M = new BigDecimal("1.00");
    private static final BigDecimal OUTPUT_PER_M = new BigDecimal("2.00");
    private static final Duration TASK_TIME = Duration.ofSeconds(120);

    private static PlatformApi api;
    private static PlatformApi.Tenant tenant;
    private static UUID kb;

    @BeforeAll
    static void tenantWithKnowledgeAndSubAgents() {
        api = PlatformApi.get();
        tenant = api.newTenant("agent-e2e");
        kb = api.createKnowledgeBase(tenant.key(), "zephyr");
        api.ingestMarkdown(tenant.key(), kb, DOC, """
                # Zephyr launch handbook

                ## Launch codes

                The launch code of the zephyr-7 probe is %s. Only the mission lead may read it aloud.

                ## Weather rules

                Launches are scrubbed when the crosswind exceeds 30 knots at the pad.
                """.formatted(FACT));
        for (String name : List.of("alpha", "beta")) {
            api.createAgent(
                    tenant.key(), Map.of("name", name, "instructions", "You are " + name + ".", "model", "mock-gpt"));
        }
    }

    @AfterAll
    static void restoreMockLlm() {
        MockLlm.reset();
    }

    /**
     * The full scenario of issue 7 with a real MCP server. The platform started by {@code ./bl1nk up} keeps
     * mcp-service's SSRF guard closed for loopback ({@code bl1nk.net.allow-loopback: false}, no allowlist), and this
     * machine has no public address, so when the registration is refused the test is skipped (reported), not weakened.
     */
    @Test
    void retrievalARealMcpToolCallAndTwoChildDelegationEndInAGroundedAnswer() {
        try (NodeE2e.Server everything = NodeE2e.startEverythingHttp()) {
            HttpResponse<String> registered = api.post(
                    tenant.key(),
                    "/api/v1/mcp/servers",
                    Map.of("name", "everything", "transport", "streamable_http", "url", everything.url()));
            Assumptions.assumeTrue(
                    registered.statusCode() == 201,
                    () -> "mcp-service refused to register the reference server at " + everything.url()
                            + " in the ./bl1nk up configuration: " + registered.statusCode() + " "
                            + registered.body());
            UUID serverId = PlatformApi.id(PlatformApi.JSON.readTree(registered.body()));
            JsonNode tools = PlatformApi.expect(
                    api.get(tenant.key(), "/api/v1/mcp/tools?serverId=" + serverId + "&limit=200"), 200);
            String echoId = null;
            for (JsonNode t : tools.path("items")) {
                if (t.path("name").asString().equals("echo")) {
                    echoId = t.path("id").asString();
                }
            }
            assertThat(echoId).as("echo among %s", tools).isNotNull();

            UUID lead = api.createAgent(tenant.key(), leadAgent("lead-tools", List.of(echoId)));
            MockLlm.setRules(rules("""
                    {"when": {"lastMessageContains": "scenario-question", "role": "user"},
                     "reply": {"toolCalls": [{"name": "echo", "arguments": {"message": "lookup-42"}}]}},
                    {"when": {"lastMessageContains": "Echo: lookup-42", "role": "tool"},
                     "reply": {"toolCalls": [{"name": "delegate", "arguments": %s}]}},
                    """.formatted(DELEGATION)));

            UUID taskId = api.createTask(tenant.key(), lead, "scenario-question: what is the launch code?");
            Scenario run = runAndResume(taskId);

            assertThat(Sse.collapsedTypes(run.full()))
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
            Sse.Event toolResult = only(run.full(), "tool_result");
            JsonNode result = PlatformApi.JSON.readTree(toolResult.data());
            assertThat(result.path("name").asString()).isEqualTo("echo");
            assertThat(result.path("isError").asBoolean()).isFalse();
            assertThat(result.path("result").asString()).contains("Echo: lookup-42");

            JsonNode task = api.awaitTask(tenant.key(), taskId, TASK_TIME);
            assertThat(stepKinds(task)).containsExactly("retrieval", "model", "tool", "model", "delegate", "model");
            assertAnswerAndCosts(task, run.full());
        }
    }

    /** The same scenario without the MCP server, so retrieval, delegation, costs and SSE are proven on any config. */
    @Test
    void retrievalAndTwoChildDelegationEndInAGroundedAnswerWithExactEventsAndCosts() {
        UUID lead = api.createAgent(tenant.key(), leadAgent("lead", List.of()));
        MockLlm.setRules(rules("""
                {"when": {"lastMessageContains": "scenario-question", "role": "user"},
                 "reply": {"toolCalls": [{"name": "delegate", "arguments": %s}]}},
                """.formatted(DELEGATION)));

        UUID taskId = api.createTask(tenant.key(), lead, "scenario-question: what is the launch code?");
        Scenario run = runAndResume(taskId);

        assertThat(Sse.collapsedTypes(run.full()))
                .containsExactly(
                        "queued",
                        "started",
                        "retrieval",
                        "delegated",
                        "child_completed",
                        "child_completed",
                        "model_delta",
                        "completed");
        JsonNode retrieval =
                PlatformApi.JSON.readTree(only(run.full(), "retrieval").data());
        assertThat(retrieval.path("chunks").asInt()).isPositive();
        assertThat(retrieval.path("sources").toString()).contains(DOC);
        JsonNode delegated =
                PlatformApi.JSON.readTree(only(run.full(), "delegated").data());
        assertThat(delegated.path("children").findValuesAsString("agent")).containsExactly("alpha", "beta");

        JsonNode task = api.awaitTask(tenant.key(), taskId, TASK_TIME);
        assertThat(stepKinds(task)).containsExactly("retrieval", "model", "delegate", "model");
        JsonNode retrievalStep = task.path("steps").get(0);
        assertThat(retrievalStep.path("output").path("chunks").toString()).contains(FACT);
        assertAnswerAndCosts(task, run.full());

        // the grounding reached the model: the lead's first call carried the retrieved passage and the delegate tool
        JsonNode firstCall = MockLlm.chatBodies().stream()
                .filter(b -> b.toString().contains("scenario-question"))
                .findFirst()
                .orElseThrow();
        assertThat(firstCall.toString()).contains(FACT).contains(DOC);
        assertThat(firstCall.path("tools").findValuesAsString("name")).contains("delegate");
    }

    // ---- scenario pieces

    /** mock-llm's side: the children answer, the lead finishes once both children's answers are back. */
    private static final String DELEGATION = """
            {"tasks": [{"agent": "alpha", "input": "child-task-alpha: first half"},
                       {"agent": "beta", "input": "child-task-beta: second half"}]}""";

    private static String rules(String leadRules) {
        return """
                {"rules": [
                  {"when": {"lastMessageContains": "child-task-alpha", "role": "user"}, "reply": {"text": "alpha says 4"}},
                  {"when": {"lastMessageContains": "child-task-beta", "role": "user"}, "reply": {"text": "beta says 2"}},
                  %s
                  {"when": {"lastMessageContains": "alpha says 4", "role": "tool"}, "reply": {"text": "%s"}}
                ]}
                """.formatted(leadRules, ANSWER);
    }

    private static Map<String, Object> leadAgent(String name, List<String> tools) {
        return Map.of(
                "name",
                name,
                "instructions",
                "You lead the launch team.",
                "model",
                "mock-gpt",
                "knowledgeBaseIds",
                List.of(kb.toString()),
                "allowedTools",
                tools,
                "allowedSubAgents",
                List.of("alpha", "beta"),
                "maxDelegationDepth",
                1,
                "maxCostUsd",
                "1");
    }

    /** The events of one run: read partly, resumed with Last-Event-ID, and read again in full afterwards. */
    private record Scenario(List<Sse.Event> firstPart, List<Sse.Event> resumed, List<Sse.Event> full) {}

    /**
     * Reads the stream until the {@code retrieval} event and drops the connection, reconnects with the last id it saw
     * and reads to the end; then reads the whole stream again. The two halves must be exactly the whole: no gap, no
     * duplicate, the same ids and data. A second reconnect from the {@code delegated} event gets exactly what followed.
     */
    private static Scenario runAndResume(UUID taskId) {
        String path = "/api/v1/tasks/" + taskId + "/events";
        List<Sse.Event> first =
                Sse.read(api, tenant.key(), path, null, e -> e.event().equals("retrieval"), TASK_TIME);
        assertThat(first).isNotEmpty();
        assertThat(first.getLast().event()).isEqualTo("retrieval");
        List<Sse.Event> resumed =
                Sse.readTask(api, tenant.key(), taskId, first.getLast().id(), TASK_TIME);
        List<Sse.Event> full = Sse.readTask(api, tenant.key(), taskId, null, TASK_TIME);

        List<Sse.Event> joined = new ArrayList<>(first);
        joined.addAll(resumed);
        assertThat(joined).containsExactlyElementsOf(full);
        assertThat(full.stream().map(Sse.Event::id).distinct()).hasSameSizeAs(full);
        assertThat(full.getLast().event()).isEqualTo("completed");

        int cut = indexOf(full, "delegated");
        List<Sse.Event> afterDelegation =
                Sse.readTask(api, tenant.key(), taskId, full.get(cut).id(), Duration.ofSeconds(30));
        assertThat(afterDelegation).containsExactlyElementsOf(full.subList(cut + 1, full.size()));
        return new Scenario(first, resumed, full);
    }

    private static void assertAnswerAndCosts(JsonNode task, List<Sse.Event> events) {
        assertThat(task.path("status").asString()).as("%s", task).isEqualTo("succeeded");
        assertThat(task.path("output").asString()).isEqualTo(ANSWER);
        String streamed = events.stream()
                .filter(e -> e.event().equals("model_delta"))
                .map(e -> PlatformApi.JSON.readTree(e.data()).path("text").asString())
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo(ANSWER);
        JsonNode completed = PlatformApi.JSON.readTree(events.getLast().data());
        assertThat(completed.path("output").asString()).isEqualTo(ANSWER);

        // every step completed on the first attempt; each model step priced from its own tokens
        BigDecimal stepCosts = BigDecimal.ZERO;
        for (JsonNode s : task.path("steps")) {
            assertThat(s.path("status").asString()).as("%s", s).isEqualTo("completed");
            assertThat(s.path("attempt").asInt()).isEqualTo(1);
            BigDecimal cost = new BigDecimal(s.path("costUsd").asString());
            if (s.path("kind").asString().equals("model")) {
                assertThat(s.path("promptTokens").asInt()).isPositive();
                assertThat(cost)
                        .as("model step %s", s)
                        .isEqualByComparingTo(price(
                                s.path("promptTokens").asInt(),
                                s.path("completionTokens").asInt()));
            } else {
                assertThat(cost).isZero();
            }
            stepCosts = stepCosts.add(cost);
        }

        // children: both succeeded with their own answer; their totals roll up into the parent's
        JsonNode children = task.path("children");
        assertThat(children).hasSize(2);
        BigDecimal childrenTotal = BigDecimal.ZERO;
        List<String> childOutputs = new ArrayList<>();
        for (JsonNode child : children) {
            assertThat(child.path("status").asString()).isEqualTo("succeeded");
            BigDecimal childCost = new BigDecimal(child.path("totalCostUsd").asString());
            assertThat(childCost).isPositive();
            childrenTotal = childrenTotal.add(childCost);
            JsonNode childTask = PlatformApi.expect(
                    api.get(tenant.key(), "/api/v1/tasks/" + child.path("id").asString()), 200);
            assertThat(childTask.path("parentTaskId").asString())
                    .isEqualTo(task.path("id").asString());
            assertThat(childTask.path("depth").asInt()).isEqualTo(1);
            assertThat(new BigDecimal(childTask.path("cost").path("totalUsd").asString()))
                    .isEqualByComparingTo(childCost);
            childOutputs.add(childTask.path("output").asString());
            assertBillingAgrees(child.path("id").asString(), childCost);
        }
        assertThat(childOutputs).containsExactlyInAnyOrder("alpha says 4", "beta says 2");
        JsonNode cost = task.path("cost");
        BigDecimal own = new BigDecimal(cost.path("ownUsd").asString());
        assertThat(own).isEqualByComparingTo(stepCosts).isPositive();
        assertThat(new BigDecimal(cost.path("childrenUsd").asString())).isEqualByComparingTo(childrenTotal);
        BigDecimal total = new BigDecimal(cost.path("totalUsd").asString());
        assertThat(total).isEqualByComparingTo(own.add(childrenTotal));
        assertThat(new BigDecimal(completed.path("costUsd").asString())).isEqualByComparingTo(total);
        assertBillingAgrees(task.path("id").asString(), own);
    }

    /** billing-service metered the same task cost from the usage events (asynchronously, so eventually). */
    private static void assertBillingAgrees(String taskId, BigDecimal expected) {
        await("billing's cost of task " + taskId)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode billed = PlatformApi.expect(api.get(tenant.key(), "/api/v1/usage/tasks/" + taskId), 200);
                    assertThat(new BigDecimal(billed.path("costUsd").asString()))
                            .as("billing %s", billed)
                            .isEqualByComparingTo(expected);
                });
    }

    private static BigDecimal price(int prompt, int completion) {
        return INPUT_PER_M
                .multiply(BigDecimal.valueOf(prompt))
                .add(OUTPUT_PER_M.multiply(BigDecimal.valueOf(completion)))
                .movePointLeft(6);
    }

    private static List<String> stepKinds(JsonNode task) {
        List<String> kinds = new ArrayList<>();
        task.path("steps").forEach(s -> kinds.add(s.path("kind").asString()));
        return kinds;
    }

    private static Sse.Event only(List<Sse.Event> events, String type) {
        List<Sse.Event> matching =
                events.stream().filter(e -> e.event().equals(type)).toList();
        assertThat(matching).as("%s events in %s", type, events).hasSize(1);
        return matching.getFirst();
    }

    private static int indexOf(List<Sse.Event> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).event().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in " + events);
    }
}
