package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.task.tasks.TaskItBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The loop's model calls go through the model layer: routing (mock mode), billing reservations, settlement. */
@TestPropertySource(properties = "bl1nk.task.loop.model.gateway=router")
class RouterGatewayIT extends TaskItBase {

    static final FakeDownstream BILLING = FakeDownstream.start();
    static final Set<String> REFUSED_AGENTS = ConcurrentHashMap.newKeySet();

    @DynamicPropertySource
    static void viaRouter(DynamicPropertyRegistry registry) {
        registry.add("bl1nk.task.llm.mode", () -> "mock");
        registry.add("bl1nk.task.llm.mock-base-url", LLM::baseUrl);
        registry.add("bl1nk.task.clients.billing.base-url", BILLING::baseUrl);
    }

    private final UUID tenant = newTenant();

    @BeforeEach
    void billing() {
        LLM.setRules(List.of());
        BILLING.reset();
        BILLING.on("GET", "/internal/v1/prices", call -> new FakeDownstream.Reply(200, """
                {"items":[{"provider":"mock-llm","model":"mock-gpt","inputPerMTokUsd":"0.5","outputPerMTokUsd":"1.5",
                  "cachedInputPerMTokUsd":"0","contextWindow":128000,"supportsTools":true}]}
                """));
        BILLING.on("POST", "/internal/v1/reservations", call -> {
            if (REFUSED_AGENTS.stream().anyMatch(call.body()::contains)) {
                return new FakeDownstream.Reply(402, """
                        {"type":"https://bl1nk.dev/problems/budget_exceeded","title":"Budget exceeded","status":402,
                         "code":"budget_exceeded","detail":"The monthly budget is used up"}""");
            }
            return new FakeDownstream.Reply(
                    201,
                    "{\"id\":\"" + UUID.randomUUID() + "\",\"expiresAt\":\""
                            + Instant.now().plusSeconds(300) + "\"}");
        });
        BILLING.on(
                "POST",
                "/internal/v1/reservations/",
                call -> call.path().endsWith("/release")
                        ? new FakeDownstream.Reply(204, "")
                        : new FakeDownstream.Reply(200, "{}"));
    }

    @Test
    void modelCallsAreRoutedReservedAndSettled() {
        UUID agent = createAgent(tenant, Map.of("name", "routed", "instructions", "Be brief.", "model", "mock-gpt"));
        UUID taskId = createTask(tenant, agent, "Say hi via the router");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(tenant, taskId).equals("succeeded"));
        JsonNode task = task(tenant, taskId);
        JsonNode step = task.path("steps").get(0);
        assertThat(step.path("output").path("provider").asString()).isEqualTo("mock-llm");
        assertThat(new BigDecimal(step.path("costUsd").asString())).isPositive();
        List<FakeDownstream.Call> reservations = BILLING.calls("POST", "/internal/v1/reservations").stream()
                .filter(c -> c.path().equals("/internal/v1/reservations"))
                .toList();
        assertThat(reservations).hasSize(1);
        assertThat(reservations.getFirst().body()).contains(taskId.toString()).contains(agent.toString());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> BILLING.calls().stream().anyMatch(c -> c.path().endsWith("/settle")));
    }

    @Test
    void aBudgetRefusalEndsTheTaskWithAClearReason() {
        UUID agent = createAgent(tenant, Map.of("name", "broke", "instructions", "Spend.", "model", "mock-gpt"));
        REFUSED_AGENTS.add(agent.toString());
        UUID taskId = createTask(tenant, agent, "This must not be paid for");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(tenant, taskId).equals("failed"));
        assertThat(task(tenant, taskId).path("statusReason").asString()).startsWith("budget_exhausted:");
        assertThat(LLM.requests("/v1/chat/completions").stream()
                        .filter(r -> r.body().contains("This must not be paid for")))
                .isEmpty();
    }
}
