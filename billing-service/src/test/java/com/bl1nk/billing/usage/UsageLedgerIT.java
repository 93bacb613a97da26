package com.bl1nk.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api;
import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.billing.support.UsageEvents;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import tools.jackson.databind.JsonNode;

/**
 * The ledger against a real OpenAI-compatible server: tokens reported by mock-llm for streamed, non-streamed and
 * embedding calls, priced by billing, must add up exactly; redelivered events count once; poison goes to dead.
 */
class UsageLedgerIT extends BillingIT {

    private static MockLlmServer mockLlm;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    StreamPublisher publisher;

    @BeforeAll
    static void startMockLlm() {
        mockLlm = MockLlmServer.start(MockLlmConfig.defaults().port(0));
    }

    @AfterAll
    static void stopMockLlm() {
        mockLlm.close();
    }

    @Test
    void ledgerTotalEqualsReportedTokensTimesPriceExactlyForStreamedAndNonStreamedCalls() throws Exception {
        TestTenant a = newTenant();
        String budgetId = api.post(
                        a.adminToken(),
                        "/api/v1/budgets",
                        Map.of("scope", "tenant", "period", "monthly", "limitUsd", "100"))
                .json()
                .path("id")
                .asString();
        UUID task = UUID.randomUUID();
        List<Call> calls = new ArrayList<>();
        calls.add(chat("mock-gpt", "What is retrieval augmented generation?", false));
        calls.add(chat("mock-gpt", "Summarise the budget rules in one sentence, please.", true));
        calls.add(chat("mock-gpt-mini", "Count to five.", false));
        calls.add(chat("mock-gpt-mini", "Explain streaming usage, with commas, and dots.", true));
        calls.add(embedding("A paragraph about pgvector and hybrid search."));

        BigDecimal expected = BigDecimal.ZERO;
        for (Call call : calls) {
            expected = expected.add(priceOf(a, call));
            Map<String, Object> event = UsageEvents.event(
                    a.id(), "mock-llm", call.model(), call.prompt(), call.completion(), 0, Instant.now());
            event.put("taskId", task.toString());
            event.put("kind", call.kind());
            UsageEvents.publish(publisher, event);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == calls.size());

        Response report = api.get(a.viewerToken(), "/api/v1/usage?groupBy=model");
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        JsonNode totals = report.json().path("totals");
        assertThat(new BigDecimal(totals.path("costUsd").asString())).isEqualByComparingTo(expected);
        assertThat(totals.path("calls").asLong()).isEqualTo(calls.size());
        assertThat(totals.path("promptTokens").asLong())
                .isEqualTo(calls.stream().mapToLong(Call::prompt).sum());
        assertThat(totals.path("completionTokens").asLong())
                .isEqualTo(calls.stream().mapToLong(Call::completion).sum());
        assertThat(report.json().path("items")).hasSize(3);

        // cost per task, and the budget counted exactly the ledger
        Response taskCost = api.get(a.viewerToken(), "/api/v1/usage/tasks/" + task);
        assertThat(new BigDecimal(taskCost.json().path("costUsd").asString())).isEqualByComparingTo(expected);
        BigDecimal spent = jdbc.sql("select spent_usd from billing.budget_counters where budget_id = :b")
                .param("b", UUID.fromString(budgetId))
                .query(BigDecimal.class)
                .single();
        assertThat(spent).isEqualByComparingTo(expected);
    }

    @Test
    void aRedeliveredEventIsCountedOnce() {
        TestTenant a = newTenant();
        Map<String, Object> event = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 1000, 500, 0, Instant.now());
        UsageEvents.publish(publisher, event);
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == 1);

        String duplicate = UsageEvents.publish(publisher, event);
        awaitConsumed(duplicate);

        assertThat(ledgerRows(a)).isEqualTo(1);
        Response report = api.get(a.viewerToken(), "/api/v1/usage?groupBy=day");
        // 1000 × 1.00 / 1e6 + 500 × 2.00 / 1e6
        assertThat(report.json().path("totals").path("costUsd").asString()).isEqualTo("0.002");
    }

    @Test
    void cachedPromptTokensArePricedAtTheCachedRate() {
        TestTenant a = newTenant();
        UsageEvents.publish(
                publisher, UsageEvents.event(a.id(), "openai", "gpt-4o", 1_000_000, 100_000, 400_000, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == 1);
        // 600k × 2.50 + 400k × 1.25 + 100k × 10.00, per million
        assertThat(api.get(a.viewerToken(), "/api/v1/usage?groupBy=model")
                        .json()
                        .path("totals")
                        .path("costUsd")
                        .asString())
                .isEqualTo("3");
    }

    @Test
    void aUsageEventSettlesItsReservationAndALaterSettleChangesNothing() {
        TestTenant a = newTenant();
        String budgetId = api.post(
                        a.adminToken(),
                        "/api/v1/budgets",
                        Map.of("scope", "tenant", "period", "daily", "limitUsd", "1"))
                .json()
                .path("id")
                .asString();
        String reservation = api.post(
                        a.serviceToken(),
                        "/internal/v1/reservations",
                        Map.of("provider", "mock-llm", "model", "mock-gpt", "maxCostUsd", "0.5"))
                .json()
                .path("id")
                .asString();
        Map<String, Object> event = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 2000, 1000, 0, Instant.now());
        event.put("reservationId", reservation);
        UsageEvents.publish(publisher, event);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "settled"
                        .equals(api.get(a.viewerToken(), "/api/v1/reservations/" + reservation)
                                .json()
                                .path("status")
                                .asString()));
        Response settle = api.post(
                a.serviceToken(),
                "/internal/v1/reservations/" + reservation + "/settle",
                Map.of("actualCostUsd", "0.004"));
        assertThat(settle.status()).isEqualTo(200);
        assertThat(settle.json().path("chargedUsd").asString()).isEqualTo("0.004");
        assertThat(settle.json().path("ledgerCostUsd").asString()).isEqualTo("0.004");
        Map<String, BigDecimal> counter = jdbc.sql(
                        "select spent_usd, reserved_usd from billing.budget_counters where budget_id = :b")
                .param("b", UUID.fromString(budgetId))
                .query((rs, n) -> Map.of("spent", rs.getBigDecimal(1), "reserved", rs.getBigDecimal(2)))
                .single();
        assertThat(counter.get("spent")).isEqualByComparingTo("0.004");
        assertThat(counter.get("reserved")).isEqualByComparingTo("0");
    }

    @Test
    void aUsageEventAfterAnApiSettleTruesTheBudgetUpToTheLedgerCost() {
        TestTenant a = newTenant();
        String budgetId = api.post(
                        a.adminToken(),
                        "/api/v1/budgets",
                        Map.of("scope", "tenant", "period", "daily", "limitUsd", "1"))
                .json()
                .path("id")
                .asString();
        String reservation = api.post(
                        a.serviceToken(),
                        "/internal/v1/reservations",
                        Map.of("provider", "mock-llm", "model", "mock-gpt", "maxCostUsd", "0.5"))
                .json()
                .path("id")
                .asString();
        api.post(
                a.serviceToken(),
                "/internal/v1/reservations/" + reservation + "/settle",
                Map.of("actualCostUsd", "0.01"));
        Map<String, Object> event = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 2000, 1000, 0, Instant.now());
        event.put("reservationId", reservation);
        UsageEvents.publish(publisher, event);

        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == 1);
        BigDecimal spent = jdbc.sql("select spent_usd from billing.budget_counters where budget_id = :b")
                .param("b", UUID.fromString(budgetId))
                .query(BigDecimal.class)
                .single();
        assertThat(spent).isEqualByComparingTo("0.004");
    }

    @Test
    void anEventThatKeepsFailingIsDeadLetteredAfterMaxAttemptsAndRecordsNothing() {
        TestTenant a = newTenant();
        Map<String, Object> poison = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", -5, 1, 0, Instant.now());
        String id = UsageEvents.publish(publisher, poison);

        String dead = streamKeys.deadLetter("bl1nk:usage");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> redis.opsForStream().range(dead, Range.unbounded()).stream()
                        .anyMatch(r -> id.equals(r.getValue().get("originalId"))));
        var entry = redis.opsForStream().range(dead, Range.unbounded()).stream()
                .filter(r -> id.equals(r.getValue().get("originalId")))
                .findFirst()
                .orElseThrow();
        assertThat(entry.getValue().get("deliveryCount")).isEqualTo("3");
        assertThat(String.valueOf(entry.getValue().get("error"))).contains("promptTokens");
        assertThat(ledgerRows(a)).isZero();
    }

    @Test
    void anUnpricedModelIsRecordedAtZeroAndFlagged() {
        TestTenant a = newTenant();
        UsageEvents.publish(
                publisher, UsageEvents.event(a.id(), "somewhere", "mystery-model", 10, 10, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == 1);
        JsonNode record = api.get(a.viewerToken(), "/api/v1/usage/records")
                .json()
                .path("items")
                .get(0);
        assertThat(record.path("unpriced").asBoolean()).isTrue();
        assertThat(record.path("costUsd").asString()).isEqualTo("0");
    }

    private void awaitConsumed(String recordId) {
        String key = streamKeys.key("bl1nk:usage");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var groups = redis.opsForStream().groups(key);
            boolean delivered = groups.stream()
                    .filter(g -> g.groupName().equals("billing"))
                    .anyMatch(g -> compareIds(g.lastDeliveredId(), recordId) >= 0);
            return delivered && redis.opsForStream().pending(key, "billing").getTotalPendingMessages() == 0;
        });
    }

    private static int compareIds(String left, String right) {
        String[] l = left.split("-");
        String[] r = right.split("-");
        int c = Long.compare(Long.parseLong(l[0]), Long.parseLong(r[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(l[1]), Long.parseLong(r[1]));
    }

    private long ledgerRows(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.usage_records where tenant_id = :t")
                .param("t", tenant.id())
                .query(Long.class)
                .single();
    }

    private BigDecimal priceOf(TestTenant tenant, Call call) {
        JsonNode entry = api.get(tenant.serviceToken(), "/internal/v1/prices?provider=mock-llm&model=" + call.model())
                .json()
                .path("items")
                .get(0);
        BigDecimal input = new BigDecimal(entry.path("inputPerMTokUsd").asString());
        BigDecimal output = new BigDecimal(entry.path("outputPerMTokUsd").asString());
        return input.multiply(BigDecimal.valueOf(call.prompt()))
                .add(output.multiply(BigDecimal.valueOf(call.completion())))
                .divide(BigDecimal.valueOf(1_000_000));
    }

    private static Call chat(String model, String prompt, boolean stream) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        String response = post("/chat/completions", body);
        JsonNode usage = null;
        if (stream) {
            for (String line : response.split("\n")) {
                if (line.startsWith("data: {")) {
                    JsonNode chunk = Api.JSON.readTree(line.substring(6));
                    if (chunk.hasNonNull("usage")) {
                        usage = chunk.get("usage");
                    }
                }
            }
        } else {
            usage = Api.JSON.readTree(response).get("usage");
        }
        assertThat(usage).as("usage reported by mock-llm").isNotNull();
        return new Call(
                model,
                "chat",
                usage.path("prompt_tokens").asLong(),
                usage.path("completion_tokens").asLong());
    }

    private static Call embedding(String text) throws Exception {
        String response = post("/embeddings", Map.of("model", "mock-embedding", "input", text));
        JsonNode usage = Api.JSON.readTree(response).get("usage");
        return new Call(
                "mock-embedding", "embedding", usage.path("prompt_tokens").asLong(), 0);
    }

    private static String post(String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(mockLlm.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private record Call(String model, String kind, long prompt, long completion) {}
}
