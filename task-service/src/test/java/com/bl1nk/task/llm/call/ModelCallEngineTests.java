package com.bl1nk.task.llm.call;

import static com.bl1nk.task.llm.call.EngineFixture.JSON;
import static com.bl1nk.task.llm.call.EngineFixture.call;
import static com.bl1nk.task.llm.call.EngineFixture.capped;
import static com.bl1nk.task.llm.call.EngineFixture.chat;
import static com.bl1nk.task.llm.call.EngineFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import com.bl1nk.mockllm.MockTokenizer;
import com.bl1nk.mockllm.RecordedRequest;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.routing.ModelPrice;
import com.bl1nk.task.llm.routing.ModelTarget;
import com.bl1nk.task.llm.routing.ProviderHealth;
import com.bl1nk.task.llm.usage.TokenEstimator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The retry layer against real mock-llm providers on loopback: usage, streaming, tool calls, retries, Retry-After,
 * failover, circuit breakers and mid-stream failures.
 */
class ModelCallEngineTests {

    private static final String CHAT = "/v1/chat/completions";

    private static MockLlmServer primary;
    private static MockLlmServer secondary;

    private ModelTarget first;
    private ModelTarget second;

    @BeforeAll
    static void startProviders() {
        primary = MockLlmServer.start(MockLlmConfig.defaults().port(0));
        secondary = MockLlmServer.start(MockLlmConfig.defaults().port(0));
    }

    @AfterAll
    static void stopProviders() {
        primary.close();
        secondary.close();
    }

    @BeforeEach
    void resetProviders() {
        primary.reset();
        secondary.reset();
        first = target("primary", primary.baseUrl(), "test-model");
        second = target("secondary", secondary.baseUrl(), "test-model");
    }

    @Test
    void nonStreamingCallReturnsTheAnswerWithExactUsageAndOneUsageEvent() {
        primary.setRules(Rule.always().replyText("Hello there, friend."));
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(call(chat("Say hello", false), first));

        assertThat(outcome.body()
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("Hello there, friend.");
        JsonNode reported = outcome.body().path("usage");
        assertThat(outcome.usage().estimated()).isFalse();
        assertThat(outcome.usage().promptTokens())
                .isEqualTo(reported.path("prompt_tokens").asLong());
        assertThat(outcome.usage().completionTokens())
                .isEqualTo(MockTokenizer.count("Hello there, friend."))
                .isEqualTo(reported.path("completion_tokens").asLong());
        assertThat(f.usage).hasSize(1);
        ModelCallMetered event = f.usage.getFirst();
        assertThat(event.provider()).isEqualTo("primary");
        assertThat(event.model()).isEqualTo("test-model");
        assertThat(event.promptTokens()).isEqualTo(outcome.usage().promptTokens());
        assertThat(event.completionTokens()).isEqualTo(outcome.usage().completionTokens());
        assertThat(event.estimated()).isFalse();
        assertThat(event.kind()).isEqualTo("chat");
        assertThat(event.costUsd()).isEqualTo(outcome.costUsd().toPlainString());
        assertThat(f.budget.reserved).hasSize(1);
        assertThat(f.budget.settled).containsExactly(outcome.costUsd());
    }

    @Test
    void streamingCallPassesChunksThroughAndCountsExactUsageFromTheProvider() {
        primary.setRules(Rule.always().replyText("one two three four"));
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        CallOutcome outcome = f.stream(call(chat("Count", true), first), sink);

        assertThat(sink.text()).isEqualTo("one two three four");
        assertThat(sink.done).isTrue();
        assertThat(sink.errors).isEmpty();
        assertThat(sink.opens).isEqualTo(1);
        assertThat(sink.openedWith.provider()).isEqualTo("primary");
        // the client did not ask for usage: the usage-only chunk bl1nk requested upstream is not forwarded
        assertThat(sink.chunks).noneMatch(c -> JSON.readTree(c).path("choices").isEmpty());
        RecordedRequest upstream = primary.requests(CHAT).getFirst();
        assertThat(upstream.json().path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(outcome.usage().estimated()).isFalse();
        assertThat(outcome.usage().completionTokens()).isEqualTo(MockTokenizer.count("one two three four"));
        assertThat(outcome.usage().promptTokens()).isEqualTo(MockTokenizer.countPrompt(List.of("Count")));
        assertThat(f.usage)
                .singleElement()
                .satisfies(e -> assertThat(e.estimated()).isFalse());
    }

    @Test
    void streamingClientThatAskedForUsageGetsTheUsageChunk() {
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();
        ObjectNode body = chat("hi", true);
        body.putObject("stream_options").put("include_usage", true);

        f.stream(call(body, first), sink);

        JsonNode last = JSON.readTree(sink.chunks.getLast());
        assertThat(last.path("choices").isEmpty()).isTrue();
        assertThat(last.path("usage").path("completion_tokens").asInt()).isPositive();
    }

    @Test
    void toolCallsRoundTripAndTheRequestReachesTheProviderUnchangedButForTheAssumedOutputLimit() {
        primary.setRules(
                Rule.whenLastMessageContains("weather")
                        .fromRole("user")
                        .replyToolCall("get_weather", "{\"city\":\"Paris\"}"),
                Rule.always().fromRole("tool").replyText("It is sunny in Paris."));
        EngineFixture f = new EngineFixture();
        ObjectNode body = chat("What is the weather in Paris?", false);
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("type", "function");
        ObjectNode fn = tool.putObject("function");
        fn.put("name", "get_weather");
        fn.putObject("parameters")
                .put("type", "object")
                .putObject("properties")
                .putObject("city")
                .put("type", "string");
        body.put("tool_choice", "auto");
        body.putObject("response_format").put("type", "text");
        body.put("temperature", 0.2);
        body.putArray("stop").add("END");

        CallOutcome firstTurn = f.complete(call(body, first));

        JsonNode message = firstTurn.body().path("choices").get(0).path("message");
        JsonNode toolCall = message.path("tool_calls").get(0);
        assertThat(toolCall.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(toolCall.path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(firstTurn.body().path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("tool_calls");
        ObjectNode sent = (ObjectNode) primary.requests(CHAT).getFirst().json();
        ObjectNode expected = body.deepCopy();
        expected.put("model", "test-model");
        // the one addition: the output limit the reservation assumed, since the client set none
        expected.put("max_tokens", 1000);
        assertThat(sent).isEqualTo(expected);

        ObjectNode secondBody = body.deepCopy();
        secondBody.withArray("messages").add(message);
        secondBody
                .withArray("messages")
                .addObject()
                .put("role", "tool")
                .put("tool_call_id", toolCall.path("id").asString())
                .put("content", "{\"temperature\":21,\"sky\":\"clear\"}");
        CallOutcome secondTurn = f.complete(call(secondBody, first));

        assertThat(secondTurn
                        .body()
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("It is sunny in Paris.");
        assertThat(primary.requests(CHAT)
                        .get(1)
                        .json()
                        .path("messages")
                        .get(2)
                        .path("tool_call_id")
                        .asString())
                .isEqualTo(toolCall.path("id").asString());
    }

    @Test
    void streamedToolCallArgumentsArriveComplete() {
        primary.setRules(Rule.always().replyToolCall("lookup", "{\"query\":\"bl1nk routing\",\"limit\":3}"));
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        f.stream(call(chat("find it", true), first), sink);

        assertThat(sink.toolArguments()).isEqualTo("{\"query\":\"bl1nk routing\",\"limit\":3}");
        assertThat(sink.done).isTrue();
    }

    @Test
    void retriesA500OnTheSameProviderAndSucceeds() {
        primary.setRules(Rule.always().replyError(500).times(2), Rule.always().replyText("finally"));
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("primary");
        assertThat(outcome.upstreamAttempts()).isEqualTo(3);
        assertThat(primary.requests(CHAT)).hasSize(3);
        assertThat(secondary.requests(CHAT)).isEmpty();
        assertThat(f.sleeps).hasSize(2);
        assertThat(f.meters
                        .counter(
                                "bl1nk.llm.attempts",
                                "provider",
                                "primary",
                                "model",
                                "test-model",
                                "outcome",
                                "retryable_failure")
                        .count())
                .isEqualTo(2);
        assertThat(f.meters
                        .timer("bl1nk.llm.calls", "provider", "primary", "model", "test-model", "outcome", "answered")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void upstreamCallCountIsOnePlusConfiguredRetriesWhenTheProviderKeepsFailing() {
        primary.setRules(Rule.always().replyError(503));
        EngineFixture f = new EngineFixture(2, Duration.ofSeconds(5), EngineFixture.lenientBreaker());

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(EngineFixture.status(e)).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("upstream_error");
                });
        assertThat(primary.requests(CHAT)).hasSize(1 + 2);
        assertThat(f.usage).isEmpty();
        assertThat(f.budget.released).hasSize(1);
    }

    @Test
    void failsOverToTheNextProviderAfterRetriesOn500AndTheClientNeverNotices() {
        primary.setRules(Rule.always().replyError(500));
        secondary.setRules(Rule.always().replyText("from the backup"));
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        CallOutcome outcome = f.stream(call(chat("hi", true), first, second), sink);

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(sink.opens).isEqualTo(1);
        assertThat(sink.openedWith.provider()).isEqualTo("secondary");
        assertThat(sink.text()).isEqualTo("from the backup");
        assertThat(sink.errors).isEmpty();
        assertThat(primary.requests(CHAT)).hasSize(3);
        assertThat(f.usage)
                .singleElement()
                .satisfies(e -> assertThat(e.provider()).isEqualTo("secondary"));
    }

    @Test
    void honoursRetryAfterOn429() {
        primary.setRules(
                Rule.always().replyError(429, 1).times(1), Rule.always().replyText("ok now"));
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("primary");
        assertThat(f.sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(primary.requests(CHAT)).hasSize(2);
        assertThat(secondary.requests(CHAT)).isEmpty();
    }

    @Test
    void failsOverAtOnceWhenRetryAfterIsLongerThanBl1nkWaits() {
        primary.setRules(Rule.always().replyError(429, 120));
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(f.sleeps).isEmpty();
        assertThat(primary.requests(CHAT)).hasSize(1);
    }

    @Test
    void rateLimitOnTheOnlyProviderBecomes429WithRetryAfter() {
        primary.setRules(Rule.always().replyError(429, 120));
        EngineFixture f = new EngineFixture();

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(EngineFixture.status(e)).isEqualTo(429);
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("120");
                });
    }

    @Test
    void failsOverOnTimeoutWhenTheProviderHangs() {
        primary.setRules(Rule.always().hang());
        EngineFixture f = new EngineFixture(0, Duration.ofMillis(500), EngineFixture.lenientBreaker());

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(primary.requests(CHAT)).hasSize(1);
    }

    @Test
    void streamThatHangsBeforeTheFirstTokenFailsOverInvisibly() {
        primary.setRules(Rule.always().hang());
        EngineFixture f = new EngineFixture(0, Duration.ofMillis(500), EngineFixture.lenientBreaker());
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        f.stream(call(chat("hi", true), first, second), sink);

        assertThat(sink.opens).isEqualTo(1);
        assertThat(sink.openedWith.provider()).isEqualTo("secondary");
        assertThat(sink.errors).isEmpty();
    }

    @Test
    void neverRetriesA400OnTheSameProvider() {
        primary.setRules(Rule.always().replyError(400));
        EngineFixture f = new EngineFixture();

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(EngineFixture.status(e)).isEqualTo(400));
        assertThat(primary.requests(CHAT)).hasSize(1);
        assertThat(f.sleeps).isEmpty();
    }

    @Test
    void neverRetriesA401OnTheSameProviderButFailsOver() {
        primary.setRules(Rule.always().replyError(401));
        secondary.setRules(Rule.always().replyText("backup answers"));
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(primary.requests(CHAT)).hasSize(1);
        assertThat(f.sleeps).isEmpty();
    }

    @Test
    void aBadProviderKeyOnTheOnlyProviderIsA502NotTheClientsFault() {
        primary.setRules(Rule.always().replyError(401));
        EngineFixture f = new EngineFixture();

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(EngineFixture.status(e)).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("upstream_auth_failed");
                });
        assertThat(primary.requests(CHAT)).hasSize(1);
    }

    @Test
    void breakerOpensAfterFailuresThenHalfOpensAndClosesAgain() {
        primary.setRules(Rule.always().replyError(500));
        secondary.setRules(Rule.always().replyText("backup"));
        ProviderHealth.BreakerSettings breaker =
                new ProviderHealth.BreakerSettings(4, 4, 50, Duration.ofMillis(300), 1);
        EngineFixture f = new EngineFixture(0, Duration.ofSeconds(5), breaker);

        for (int i = 0; i < 4; i++) {
            assertThat(f.complete(call(chat("hi", false), first, second))
                            .servedBy()
                            .provider())
                    .isEqualTo("secondary");
        }
        assertThat(f.health.state(first)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(primary.requests(CHAT)).hasSize(4);

        // open: the primary is not even asked
        assertThat(f.complete(call(chat("hi", false), first, second)).servedBy().provider())
                .isEqualTo("secondary");
        assertThat(primary.requests(CHAT)).hasSize(4);

        await().atMost(Duration.ofSeconds(10)).until(() -> f.health.state(first) == CircuitBreaker.State.HALF_OPEN);
        primary.setRules(Rule.always().replyText("primary is back"));

        CallOutcome probe = f.complete(call(chat("hi", false), first, second));

        assertThat(probe.servedBy().provider()).isEqualTo("primary");
        assertThat(primary.requests(CHAT)).hasSize(5);
        assertThat(f.health.state(first)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void midStreamDisconnectSurfacesAsAnErrorEventWithoutRetryOrDuplicateTokens() {
        String text = "alpha beta gamma delta epsilon zeta";
        primary.setRules(Rule.always().replyText(text).disconnectAfterChunks(3));
        secondary.setRules(Rule.always().replyText(text));
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        CallOutcome outcome = f.stream(call(chat("hi", true), first, second), sink);

        assertThat(outcome.failedMidStream()).isTrue();
        assertThat(sink.done).isFalse();
        assertThat(sink.errors)
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("error").path("code").asString()).isEqualTo("upstream_stream_interrupted"));
        assertThat(text).startsWith(sink.text());
        assertThat(sink.text()).isNotEmpty().isNotEqualTo(text);
        assertThat(secondary.requests(CHAT)).isEmpty();
        assertThat(primary.requests(CHAT)).hasSize(1);
        assertThat(f.usage).singleElement().satisfies(e -> {
            assertThat(e.estimated()).isTrue();
            assertThat(e.completionTokens()).isPositive();
        });
    }

    @Test
    void disconnectBeforeTheFirstTokenFailsOverInvisibly() {
        primary.setRules(Rule.always().replyText("never seen").disconnectAfterChunks(0));
        secondary.setRules(Rule.always().replyText("seen"));
        EngineFixture f = new EngineFixture(0, Duration.ofSeconds(5), EngineFixture.lenientBreaker());
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        f.stream(call(chat("hi", true), first, second), sink);

        assertThat(sink.opens).isEqualTo(1);
        assertThat(sink.text()).isEqualTo("seen");
        assertThat(sink.errors).isEmpty();
    }

    @Test
    void clientLeavingMidStreamStillMetersTheCallOnce() {
        primary.setRules(Rule.always().replyText("a b c d e f g h"));
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();
        sink.failAfterChunks = 2;

        f.stream(call(chat("hi", true), first), sink);

        assertThat(sink.chunks).hasSize(2);
        assertThat(f.usage).hasSize(1);
    }

    @Test
    void providerWithoutUsageGetsTokenizerEstimatesFlaggedAsEstimated() throws Exception {
        try (MockWebServer bare = new MockWebServer()) {
            bare.start(InetAddress.getLoopbackAddress(), 0);
            bare.enqueue(new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"An answer without usage numbers.\"},\"finish_reason\":\"stop\"}]}")
                    .build());
            EngineFixture f = new EngineFixture();
            ModelTarget noUsage = target("ollama", "http://127.0.0.1:" + bare.getPort() + "/v1", "test-model");

            CallOutcome outcome = f.complete(call(chat("How many tokens?", false), noUsage));

            assertThat(outcome.usage().estimated()).isTrue();
            assertThat(outcome.usage().completionTokens())
                    .isEqualTo(new com.bl1nk.task.llm.usage.TokenEstimator().count("An answer without usage numbers."));
            assertThat(outcome.usage().promptTokens()).isPositive();
            assertThat(f.usage)
                    .singleElement()
                    .satisfies(e -> assertThat(e.estimated()).isTrue());
        }
    }

    @Test
    void providerRejectingStreamOptionsIsAskedAgainWithoutThemAndUsageIsEstimated() {
        primary.setRules(
                Rule.always()
                        .replyError(new com.bl1nk.mockllm.ErrorReply(
                                400, "Unrecognized request argument supplied: stream_options", null, null, null))
                        .times(1),
                Rule.always().replyText("streamed without usage"));
        EngineFixture f = new EngineFixture();
        EngineFixture.RecordingSink sink = new EngineFixture.RecordingSink();

        f.stream(call(chat("hi", true), first), sink);

        assertThat(sink.text()).isEqualTo("streamed without usage");
        assertThat(primary.requests(CHAT)).hasSize(2);
        assertThat(primary.requests(CHAT).get(1).json().has("stream_options")).isFalse();
        assertThat(f.usage)
                .singleElement()
                .satisfies(e -> assertThat(e.estimated()).isTrue());
    }

    @Test
    void refusedBudgetStopsTheCallBeforeAnyProviderIsAsked() {
        EngineFixture f = new EngineFixture();
        f.budget.refuse = true;

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(EngineFixture.status(e)).isEqualTo(402);
                    assertThat(e.code()).isEqualTo("budget_exceeded");
                });
        assertThat(primary.requests(CHAT)).isEmpty();
        assertThat(f.usage).isEmpty();
    }

    @Test
    void anUnpricedFirstCandidateFallsBackToTheNextPricedOneInsteadOfA422() {
        EngineFixture f = new EngineFixture();
        f.budget.unpricedProviders.add("primary");

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(primary.requests(CHAT)).isEmpty();
        assertThat(secondary.requests(CHAT)).hasSize(1);
    }

    @Test
    void whenNoCandidateIsPricedTheModelNotPricedProblemStands() {
        EngineFixture f = new EngineFixture();
        f.budget.unpricedProviders.add("primary");
        f.budget.unpricedProviders.add("secondary");

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first, second)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(EngineFixture.status(e)).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("model_not_priced");
                });
        assertThat(primary.requests(CHAT)).isEmpty();
        assertThat(secondary.requests(CHAT)).isEmpty();
    }

    @Test
    void reservationCoversTheMostExpensiveCandidate() {
        EngineFixture f = new EngineFixture();
        ObjectNode body = chat("hi", false);
        body.put("max_tokens", 100);

        f.complete(call(body, first));

        // price 1 USD/MTok in, 2 USD/MTok out: 100 output tokens alone are 0.0002 USD
        assertThat(f.budget.reserved.getFirst()).isGreaterThan(new java.math.BigDecimal("0.0002"));
    }

    @Test
    void aRequestForNChoicesReservesNTimesTheOutput() {
        EngineFixture one = new EngineFixture();
        ObjectNode single = chat("hi", false);
        single.put("max_tokens", 100);
        one.complete(call(single, first));

        EngineFixture four = new EngineFixture();
        ObjectNode several = chat("hi", false);
        several.put("max_tokens", 100);
        several.put("n", 4);
        // mock-llm itself serves only n=1 (400); the reservation is made before the call, and released after it
        assertThatThrownBy(() -> four.complete(call(several, first))).isInstanceOf(ApiException.class);

        // the prompt is paid once, the output up to n times: 3 more times 100 tokens at 2 USD/MTok
        java.math.BigDecimal extra = four.budget.reserved.getFirst().subtract(one.budget.reserved.getFirst());
        assertThat(extra).isEqualByComparingTo(new java.math.BigDecimal("0.0006"));
    }

    @Test
    void costCapLimitsEachCandidatesOutputAtItsOwnPrice() {
        ModelPrice dear = new ModelPrice(new BigDecimal("1.00"), new BigDecimal("20.00"), null, 8000, true);
        ModelPrice cheap = new ModelPrice(new BigDecimal("1.00"), new BigDecimal("2.00"), null, 8000, true);
        ModelTarget expensive = target("primary", primary.baseUrl(), "test-model", dear);
        ModelTarget economical = target("secondary", secondary.baseUrl(), "test-model", cheap);
        primary.setRules(Rule.always().replyError(400));
        secondary.setRules(Rule.always().replyText("within budget"));
        BigDecimal cap = new BigDecimal("0.01");
        ObjectNode body = chat("hi", false);
        body.put("max_tokens", 100_000);
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(capped(cap, body, expensive, economical));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        int prompt = new TokenEstimator().promptTokens(body);
        int dearLimit =
                primary.requests(CHAT).getFirst().json().path("max_tokens").asInt();
        int cheapLimit =
                secondary.requests(CHAT).getFirst().json().path("max_tokens").asInt();
        // each candidate gets as much output as its own price allows within the cap, and not one token more
        assertThat(dear.cost(prompt, dearLimit, 0)).isLessThanOrEqualTo(cap);
        assertThat(dear.cost(prompt, dearLimit + 1L, 0)).isGreaterThan(cap);
        assertThat(cheap.cost(prompt, cheapLimit, 0)).isLessThanOrEqualTo(cap);
        assertThat(cheap.cost(prompt, cheapLimit + 1L, 0)).isGreaterThan(cap);
        assertThat(cheapLimit).isGreaterThan(dearLimit);
        // the caller's own body is left alone, and no reservation (one per candidate called) exceeds the cap
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100_000);
        assertThat(f.budget.reserved).hasSize(2).allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(cap));
    }

    @Test
    void costCapLeavesASmallerRequestedLimitAlone() {
        primary.setRules(Rule.always().replyText("short"));
        ObjectNode body = chat("hi", false);
        body.put("max_tokens", 5);
        EngineFixture f = new EngineFixture();

        f.complete(capped(new BigDecimal("1.00"), body, first));

        assertThat(primary.requests(CHAT).getFirst().json().path("max_tokens").asInt())
                .isEqualTo(5);
    }

    @Test
    void candidateThatCannotPayForThePromptWithinTheCapIsSkipped() {
        ModelPrice promptTooDear = new ModelPrice(new BigDecimal("1000000"), new BigDecimal("2.00"), null, 8000, true);
        ModelTarget unaffordable = target("primary", primary.baseUrl(), "test-model", promptTooDear);
        secondary.setRules(Rule.always().replyText("cheap answer"));
        EngineFixture f = new EngineFixture();

        CallOutcome outcome = f.complete(capped(new BigDecimal("0.01"), chat("hi", false), unaffordable, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(primary.requests(CHAT)).isEmpty();
    }

    @Test
    void costCapNoCandidateCanMeetIsRefusedWith402BeforeAnythingIsReservedOrAsked() {
        EngineFixture f = new EngineFixture();

        assertThatThrownBy(() -> f.complete(capped(BigDecimal.ZERO, chat("hi", false), first, second)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(EngineFixture.status(e)).isEqualTo(402);
                    assertThat(e.code()).isEqualTo("budget_exceeded");
                    assertThat(e.detail()).contains("cannot pay");
                });
        assertThat(f.budget.reserved).isEmpty();
        assertThat(primary.requests(CHAT)).isEmpty();
        assertThat(secondary.requests(CHAT)).isEmpty();
        assertThat(f.usage).isEmpty();
    }

    @Test
    void failingOverMovesTheReservationSoBillingPricesEveryCandidateThatIsCalled() {
        primary.setRules(Rule.always().replyError(500));
        secondary.setRules(Rule.always().replyText("from the backup"));
        EngineFixture f = new EngineFixture(0, Duration.ofSeconds(5), EngineFixture.lenientBreaker());

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(f.budget.reserved).hasSize(2);
        assertThat(f.budget.released).hasSize(1);
        assertThat(f.budget.settled).containsExactly(outcome.costUsd());
    }

    @Test
    void aCandidateBillingRefusesAsUnpricedIsNeverCalledOnFailover() {
        primary.setRules(Rule.always().replyError(500));
        secondary.setRules(Rule.always().replyText("unbilled"));
        EngineFixture f = new EngineFixture(0, Duration.ofSeconds(5), EngineFixture.lenientBreaker());
        f.budget.unpricedProviders.add("secondary");

        assertThatThrownBy(() -> f.complete(call(chat("hi", false), first, second)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(EngineFixture.status(e)).isEqualTo(502));
        assertThat(secondary.requests(CHAT)).isEmpty();
        assertThat(f.budget.released).hasSize(1);
        assertThat(f.usage).isEmpty();
    }

    @Test
    void anAttemptThatTimedOutIsChargedItsPromptAtThatCandidatesPrice() {
        primary.setRules(Rule.always().hang());
        EngineFixture f = new EngineFixture(0, Duration.ofMillis(500), EngineFixture.lenientBreaker());

        CallOutcome outcome = f.complete(call(chat("hi", false), first, second));

        assertThat(outcome.servedBy().provider()).isEqualTo("secondary");
        assertThat(f.budget.released).isEmpty();
        assertThat(f.budget.settled).hasSize(2);
        BigDecimal lost = f.budget.settled.getFirst();
        assertThat(lost).isPositive();
        assertThat(f.budget.settled.getLast()).isEqualTo(outcome.costUsd());
    }

    @Test
    void aPricedProviderGivenNoOutputLimitIsToldTheOneTheReservationAssumed() {
        primary.setRules(Rule.always().replyText("bounded"));
        ModelTarget unpriced = target("secondary", secondary.baseUrl(), "test-model", null);
        secondary.setRules(Rule.always().replyText("unbounded"));
        EngineFixture f = new EngineFixture();

        f.complete(call(chat("hi", false), first));
        f.complete(call(chat("hi", false), unpriced));

        assertThat(primary.requests(CHAT).getFirst().json().path("max_tokens").asInt())
                .isEqualTo(1000);
        assertThat(secondary.requests(CHAT).getFirst().json().has("max_tokens")).isFalse();
    }

    @Test
    void costCapDoesNotLimitACandidateWithoutAPrice() {
        ModelTarget unpriced = target("primary", primary.baseUrl(), "test-model", null);
        primary.setRules(Rule.always().replyText("free"));
        ObjectNode body = chat("hi", false);
        body.put("max_tokens", 777);
        EngineFixture f = new EngineFixture();

        f.complete(capped(new BigDecimal("0.000001"), body, unpriced));

        assertThat(primary.requests(CHAT).getFirst().json().path("max_tokens").asInt())
                .isEqualTo(777);
    }
}
