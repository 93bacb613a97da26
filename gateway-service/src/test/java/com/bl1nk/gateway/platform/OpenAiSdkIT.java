package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 3's promise on the real platform: the official {@code openai} npm SDK, pointed at the gateway's {@code /v1}
 * with a bl1nk API key, just works: a chat, a streamed chat and a tool call round trip, with exact usage (mock-llm's
 * documented token counts), the price book's cost, and headers naming the provider and model that served the call.
 */
@Order(10)
class OpenAiSdkIT {

    private static final String MODEL = "mock-gpt";
    /** mock-gpt's price in the default price book: USD per million input / output tokens. */
    private static final BigDecimal INPUT_PER_M = new BigDecimal("1.00");

    private static final BigDecimal OUTPUT_PER_M = new BigDecimal("2.00");

    private static JsonNode run;
    private static List<JsonNode> upstream;

    @BeforeAll
    static void runTheSdk() {
        PlatformApi api = PlatformApi.get();
        PlatformApi.Tenant tenant = api.newTenant("openai-sdk");
        MockLlm.setRules("""
                {"rules": [
                  {"name": "weather tool", "when": {"lastMessageContains": "weather", "role": "user"},
                   "reply": {"toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]}},
                  {"name": "after the tool", "when": {"role": "tool"},
                   "reply": {"text": "The tool said: {{lastMessage}}"}}
                ]}
                """);
        run = NodeE2e.script(
                "openai-client.mjs",
                Map.of("BL1NK_BASE_URL", api.gateway() + "/v1", "BL1NK_API_KEY", tenant.key(), "BL1NK_MODEL", MODEL));
        upstream = MockLlm.requests("/v1/chat/completions");
    }

    @AfterAll
    static void restoreMockLlm() {
        MockLlm.reset();
    }

    @Test
    void aChatCompletesWithExactUsageCostAndServedByHeaders() {
        JsonNode chat = part("chat");
        assertThat(chat.path("status").asInt()).isEqualTo(200);
        JsonNode completion = chat.path("completion");
        String answer = "mock answer to: Hello, world!";
        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo(answer);
        assertThat(completion.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("stop");
        JsonNode usage = completion.path("usage");
        int prompt = 4 + MockLlm.tokens("Hello, world!");
        int output = MockLlm.tokens(answer);
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(prompt);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(output);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(prompt + output);

        JsonNode headers = chat.path("headers");
        assertThat(headers.path("x-bl1nk-provider").asString()).isEqualTo("mock-llm");
        assertThat(headers.path("x-bl1nk-model").asString()).isEqualTo(MODEL);
        assertThat(headers.path("x-bl1nk-usage-estimated").asString()).isEqualTo("false");
        assertThat(new BigDecimal(headers.path("x-bl1nk-cost-usd").asString("-1")))
                .as("cost header %s", headers)
                .isEqualByComparingTo(cost(prompt, output));
        assertThat(headers.path("x-trace-id").asString()).isNotBlank();
    }

    @Test
    void aStreamedChatDeliversEveryTokenAndTheUsageChunk() {
        JsonNode streamed = part("streamedChat");
        assertThat(streamed.path("status").asInt()).isEqualTo(200);
        String answer = "mock answer to: Stream me three short facts";
        assertThat(streamed.path("text").asString()).isEqualTo(answer);
        assertThat(streamed.path("finishReason").asString()).isEqualTo("stop");
        // one chunk per token (mock-llm streams token by token), plus the usage chunk
        assertThat(streamed.path("chunks").asInt()).isGreaterThanOrEqualTo(MockLlm.tokens(answer) + 1);
        JsonNode usage = streamed.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(4 + MockLlm.tokens("Stream me three short facts"));
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(MockLlm.tokens(answer));
        JsonNode headers = streamed.path("headers");
        assertThat(headers.path("content-type").asString()).startsWith("text/event-stream");
        assertThat(headers.path("x-bl1nk-provider").asString()).isEqualTo("mock-llm");
        assertThat(headers.path("x-bl1nk-model").asString()).isEqualTo(MODEL);
        assertThat(new BigDecimal(headers.path("x-bl1nk-max-cost-usd").asString("0")))
                .as("reservation header %s", headers)
                .isPositive();

        JsonNode sent = upstreamBodyContaining("Stream me three short facts");
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
    }

    @Test
    void aToolCallRoundTripsThroughTheGateway() {
        JsonNode round = part("toolRoundTrip");
        JsonNode first = round.path("first").path("choices").get(0);
        assertThat(first.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode call = first.path("message").path("tool_calls").get(0);
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(PlatformApi.JSON
                        .readTree(call.path("function").path("arguments").asString())
                        .path("city")
                        .asString())
                .isEqualTo("Paris");
        assertThat(call.path("id").asString()).isNotBlank();

        JsonNode second = round.path("second");
        assertThat(second.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("The tool said: 18 degrees and sunny");
        JsonNode conversation = PlatformApi.JSON.createObjectNode().set("messages", round.path("messages"));
        assertThat(second.path("usage").path("prompt_tokens").asInt())
                .as("prompt tokens of %s", conversation)
                .isEqualTo(MockLlm.promptTokens(conversation));

        // what reached the provider: the tool definition, and the tool result tied to the model's call id
        JsonNode firstSent = upstreamBodyContaining("What is the weather in Paris?");
        assertThat(firstSent.path("tools").get(0).path("function").path("name").asString())
                .isEqualTo("get_weather");
        JsonNode secondSent = upstreamBodyContaining("18 degrees and sunny");
        JsonNode toolMessage = secondSent.path("messages").get(2);
        assertThat(toolMessage.path("role").asString()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_call_id").asString())
                .isEqualTo(call.path("id").asString());
    }

    @Test
    void theModelListAndOpenAiShapedErrorsWorkWithTheSdk() {
        List<String> models = new ArrayList<>();
        part("models").forEach(m -> models.add(m.asString()));
        assertThat(models).contains(MODEL);

        JsonNode bad = part("badRequest");
        assertThat(bad.path("thrown").asBoolean()).as("%s", bad).isTrue();
        assertThat(bad.path("status").asInt()).as("%s", bad).isEqualTo(400);
        assertThat(bad.path("error").path("message").asString()).as("%s", bad).isNotBlank();

        JsonNode wrongKey = part("wrongKey");
        assertThat(wrongKey.path("thrown").asBoolean()).isTrue();
        assertThat(wrongKey.path("status").asInt()).as("%s", wrongKey).isEqualTo(401);
    }

    @Test
    void theClientsKeyNeverReachesTheProvider() {
        assertThat(upstream).isNotEmpty();
        for (JsonNode request : upstream) {
            assertThat(request.path("headers").toString()).doesNotContain("bl1nk_");
        }
    }

    private static JsonNode part(String name) {
        JsonNode part = run.path(name);
        assertThat(part.path("failed").asBoolean(false))
                .as("%s failed in the SDK: %s", name, part)
                .isFalse();
        return part;
    }

    private static JsonNode upstreamBodyContaining(String text) {
        return upstream.stream()
                .map(r -> r.path("body").asString())
                .filter(b -> b.contains(text))
                .map(PlatformApi.JSON::readTree)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no upstream request with '" + text + "' in " + upstream));
    }

    private static BigDecimal cost(int prompt, int completion) {
        return INPUT_PER_M
                .multiply(BigDecimal.valueOf(prompt))
                .add(OUTPUT_PER_M.multiply(BigDecimal.valueOf(completion)))
                .movePointLeft(6);
    }
}
