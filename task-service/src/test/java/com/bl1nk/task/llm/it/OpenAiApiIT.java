package com.bl1nk.task.llm.it;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static com.bl1nk.testsupport.TestTenants.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.mockllm.MockTokenizer;
import com.bl1nk.mockllm.Rule;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** {@code /v1/chat/completions} and {@code /v1/models} over HTTP, as OpenAI clients see them. */
class OpenAiApiIT extends LlmItBase {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Test
    void completesAChatAndNamesProviderModelAndCostInHeaders() {
        MOCK_A.setRules(Rule.always().replyText("Hi from A."));

        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "hello", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-a");
        assertThat(response.headers().firstValue("X-Bl1nk-Model")).hasValue("mock-gpt");
        assertThat(response.headers().firstValue("X-Bl1nk-Usage-Estimated")).hasValue("false");
        assertThat(response.headers().firstValue("X-Bl1nk-Cost-Usd")).isPresent();
        JsonNode body = json(response);
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("Hi from A.");
        // the platform key goes upstream, the model id is the upstream id
        assertThat(MOCK_A.requests("/v1/chat/completions").getFirst().header("Authorization"))
                .isEqualTo("Bearer sk-platform-a");
    }

    @Test
    void streamsAChatAsServerSentEventsEndingWithDone() {
        MOCK_A.setRules(Rule.always().replyText("streamed words arrive"));

        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "stream it", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-a");
        List<String> data = sseData(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        data.subList(0, data.size() - 1)
                .forEach(d -> JSON.readTree(d)
                        .path("choices")
                        .forEach(
                                c -> text.append(c.path("delta").path("content").asString(""))));
        assertThat(text.toString()).isEqualTo("streamed words arrive");
    }

    @Test
    void publishesOneUsageEventPerCallWithExactTokens() {
        UUID tenant = UUID.randomUUID();
        MOCK_A.setRules(Rule.always().replyText("metered answer"));

        HttpResponse<String> response = post("/v1/chat/completions", tenant, chat("mock-gpt", "meter me", false));
        assertThat(response.statusCode()).isEqualTo(200);

        String stream = keys.key("bl1nk:usage");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> usageOf(stream, tenant).size() == 1);
        MapRecord<String, Object, Object> record = usageOf(stream, tenant).getFirst();
        assertThat(record.getValue().get("type")).isEqualTo("ModelCallMetered");
        assertThat(record.getValue().get("version")).isEqualTo("1");
        JsonNode payload = JSON.readTree((String) record.getValue().get("payload"));
        assertThat(payload.path("eventId").asString())
                .isEqualTo(record.getValue().get("eventId"));
        assertThat(payload.path("provider").asString()).isEqualTo("mock-a");
        assertThat(payload.path("model").asString()).isEqualTo("mock-gpt");
        assertThat(payload.path("promptTokens").asLong()).isEqualTo(MockTokenizer.countPrompt(List.of("meter me")));
        assertThat(payload.path("completionTokens").asLong()).isEqualTo(MockTokenizer.count("metered answer"));
        assertThat(payload.path("estimated").asBoolean()).isFalse();
        assertThat(payload.path("kind").asString()).isEqualTo("chat");
        assertThat(payload.path("reservationId").asString()).isNotBlank();
        assertThat(payload.path("costUsd").asString()).isNotBlank();
    }

    private List<MapRecord<String, Object, Object>> usageOf(String stream, UUID tenant) {
        List<MapRecord<String, Object, Object>> all = redis.opsForStream().range(stream, Range.unbounded());
        return all == null
                ? List.of()
                : all.stream()
                        .filter(r -> tenant.toString().equals(r.getValue().get("tenantId")))
                        .toList();
    }

    @Test
    void refusedBudgetIsA402InOpenAisErrorShapeAndNoProviderIsCalled() {
        HttpResponse<String> response =
                post("/v1/chat/completions", TENANT_A, chat("gold-model", "expensive question", false));

        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").asString()).isEqualTo("insufficient_quota");
        assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asString()).contains("budget");
        assertThat(MOCK_A.requests("/v1/chat/completions")).isEmpty();
    }

    @Test
    void modelBillingCannotPriceIsA422WithBillingsCode() {
        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("unpriced-model", "hi", false));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("error").path("code").asString()).isEqualTo("model_not_priced");
        assertThat(MOCK_A.requests("/v1/chat/completions")).isEmpty();
    }

    @Test
    void reservationAndSettleCarryContractShapedMoney() {
        long before = BILLING.count("/internal/v1/reservations");
        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "money", false));
        assertThat(response.statusCode()).isEqualTo(200);

        var reservation = BILLING.requests.stream()
                .filter(r -> r.getUrl().encodedPath().equals("/internal/v1/reservations"))
                .reduce((a, b) -> b)
                .orElseThrow();
        JsonNode body = JSON.readTree(reservation.getBody().utf8());
        assertThat(body.path("provider").asString()).isEqualTo("mock-a");
        assertThat(body.path("model").asString()).isEqualTo("mock-gpt");
        assertThat(body.path("maxCostUsd").asString()).matches("\\d+(\\.\\d{1,8})?");
        assertThat(BILLING.count("/internal/v1/reservations")).isGreaterThan(before);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> BILLING.requests.stream()
                        .anyMatch(r -> r.getUrl().encodedPath().endsWith("/settle")));
    }

    @Test
    void unknownModelIsA404InOpenAisErrorShape() {
        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("no-such-model", "hi", false));

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void badRequestsAre400sNamingTheParameter() {
        Map<String, String> cases = Map.of(
                "{\"model\":\"mock-gpt\"}",
                "messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "model",
                "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
                "messages[0].role",
                "{\"model\":\"mock-gpt\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "temperature",
                "{\"model\":\"mock-gpt\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "stream",
                "{\"model\":\"mock-gpt\",\"max_tokens\":-3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "max_tokens",
                "{\"model\":\"mock-gpt\",\"max_completion_tokens\":9223372036854775808,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "max_completion_tokens",
                "{\"model\":\"mock-gpt\",\"n\":2147483648,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "n");
        cases.forEach((body, param) -> {
            HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(error.path("param").asString()).as(body).isEqualTo(param);
        });
        for (String broken : List.of("not json", "[1,2]", "")) {
            HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, broken);
            assertThat(response.statusCode()).as(broken).isEqualTo(400);
            assertThat(json(response).path("error").path("message").asString()).isNotBlank();
        }
        assertThat(MOCK_A.requests("/v1/chat/completions")).isEmpty();
    }

    @Test
    void viewerCannotRunAChatAndNothingIsReservedOrCalled() {
        long reservations = BILLING.count("/internal/v1/reservations");

        HttpResponse<String> response =
                send("POST", "/v1/chat/completions", token(TENANT_A, Identity.VIEWER), chat("mock-gpt", "hi", false));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asString()).isEqualTo("missing_role");
        assertThat(error.path("message").asString()).contains("developer");
        assertThat(BILLING.count("/internal/v1/reservations")).isEqualTo(reservations);
        assertThat(MOCK_A.requests("/v1/chat/completions")).isEmpty();
        assertThat(send(
                                "POST",
                                "/v1/chat/completions",
                                token(TENANT_A, Identity.DEVELOPER),
                                chat("mock-gpt", "hi", false))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void providerSideBadRequestIsReturnedAsA400AndNotRetried() {
        MOCK_A.setRules(Rule.always().replyError(400));
        MOCK_B.setRules(Rule.always().replyError(400));

        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "hi", false));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(MOCK_A.requests("/v1/chat/completions")).hasSize(1);
    }

    @Test
    void requestsWithoutIdentityAreRejected() {
        HttpResponse<String> response = send("POST", "/v1/chat/completions", null, chat("mock-gpt", "hi", false));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").path("type").asString()).isEqualTo("authentication_error");
    }

    @Test
    void failsOverToTheSecondPlatformProviderWhenTheFirstIsDown() {
        MOCK_A.setRules(Rule.always().replyError(503));
        MOCK_B.setRules(Rule.always().replyText("B saves the day"));

        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "hi", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");
        assertThat(response.body()).doesNotContain("\"error\"");
        assertThat(MOCK_A.requests("/v1/chat/completions")).hasSize(2);
    }

    @Test
    void midStreamFailureReachesTheClientAsAnErrorEvent() {
        MOCK_A.setRules(Rule.always().replyText("a b c d e f g").disconnectAfterChunks(2));

        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "hi", true));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = sseData(response.body());
        assertThat(data).doesNotContain("[DONE]");
        assertThat(JSON.readTree(data.getLast()).path("error").path("code").asString())
                .isEqualTo("upstream_stream_interrupted");
        assertThat(MOCK_B.requests("/v1/chat/completions")).isEmpty();
    }

    @Test
    void listsModelsAndAliasesInOpenAisShape() {
        HttpResponse<String> response = get("/v1/models", TENANT_A);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").asString()).isEqualTo("list");
        List<String> ids = body.path("data")
                .valueStream()
                .map(m -> m.path("id").asString())
                .toList();
        assertThat(ids).contains("mock-gpt", "b-only", "bl1nk/cheapest", "bl1nk/fastest");
        assertThat(body.path("data").get(0).path("object").asString()).isEqualTo("model");
    }

    @Test
    void retrievesOneModelEvenWhenItsIdHasASlashAndAnUnknownOneIsOpenAisNotFound() {
        HttpResponse<String> model = get("/v1/models/mock-gpt", TENANT_A);
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(json(model).path("id").asString()).isEqualTo("mock-gpt");
        assertThat(json(model).path("object").asString()).isEqualTo("model");

        HttpResponse<String> alias = get("/v1/models/bl1nk/cheapest", TENANT_A);
        assertThat(alias.statusCode()).isEqualTo(200);
        assertThat(json(alias).path("id").asString()).isEqualTo("bl1nk/cheapest");

        HttpResponse<String> missing = get("/v1/models/no-such-model", TENANT_A);
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode error = json(missing).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void frameworkErrorsUnderV1AreInOpenAisShapeAndElsewhereProblemJson() {
        HttpResponse<String> wrongMethod = get("/v1/chat/completions", TENANT_A);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(wrongMethod).path("error").path("message").asString()).isNotBlank();

        HttpResponse<String> unknownPath = post("/v1/completions", TENANT_A, "{}");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(json(unknownPath).path("error").path("type").asString()).isEqualTo("invalid_request_error");

        HttpResponse<String> elsewhere = get("/api/v1/no-such-thing", TENANT_A);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(elsewhere).path("code").asString()).isEqualTo("not_found");
    }

    @Test
    void cheapestAliasPicksTheLowerPricedProvider() {
        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("bl1nk/cheapest", "hi", false));

        assertThat(response.statusCode()).isEqualTo(200);
        // mock-b's mock-gpt costs 0.10/0.40 per MTok, mock-a's 3/15
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");
    }

    @Test
    void providerSlashModelPinsTheProvider() {
        HttpResponse<String> response = post("/v1/chat/completions", TENANT_A, chat("mock-b/mock-gpt", "hi", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");
    }

    @Test
    void callsAttemptsTokensAndBreakersShowUpInPrometheusMetrics() {
        post("/v1/chat/completions", TENANT_A, chat("mock-gpt", "count me", false));

        HttpResponse<String> metrics = send("GET", "/actuator/prometheus", null, null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("bl1nk_llm_attempts_total{")
                .contains("bl1nk_llm_calls_seconds_count{")
                .contains("bl1nk_llm_tokens_total{")
                .contains("resilience4j_circuitbreaker_state{");
    }

    @Test
    void catalogShowsPricesFromBillingAndLiveHealth() {
        MOCK_A.setRules(Rule.always().replyText("counted"));
        // another tenant's call through the shared platform provider: its count must not show in tenant A's catalog
        assertThat(post("/v1/chat/completions", TENANT_B, chat("mock-gpt", "hello", false))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> response = get("/api/v1/models", TENANT_A);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode items = json(response).path("items");
        JsonNode entry = items.valueStream()
                .filter(i -> i.path("provider").asString().equals("mock-a")
                        && i.path("id").asString().equals("mock-gpt"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.path("pricing").path("inputPerMTokUsd").decimalValue()).isEqualByComparingTo("3.00");
        assertThat(entry.path("contextWindow").asInt()).isEqualTo(200000);
        assertThat(entry.path("health").path("circuitState").asString()).isNotBlank();
        assertThat(entry.path("health").has("samples")).isFalse();
        assertThat(entry.path("source").asString()).isEqualTo("platform");
        assertThat(items.valueStream().filter(i -> i.path("source").asString().equals("platform")))
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i.path("health").has("samples")).isFalse());
        assertThat(json(response).has("nextCursor")).isTrue();
    }
}
