package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChatCompletionsTests {

    private static MockLlmServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start(MockLlmConfig.defaults().port(0));
        http = new TestHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    private static String chat(String extra, String... userMessages) {
        StringBuilder messages = new StringBuilder("{\"role\":\"system\",\"content\":\"You are terse.\"}");
        for (String m : userMessages) {
            messages.append(",{\"role\":\"user\",\"content\":")
                    .append(TestHttp.JSON.writeValueAsString(m))
                    .append('}');
        }
        return "{\"model\":\"mock-gpt\",\"messages\":[" + messages + "]" + extra + "}";
    }

    private static int expectedPrompt(String... userMessages) {
        List<String> texts = new java.util.ArrayList<>(List.of("You are terse."));
        texts.addAll(List.of(userMessages));
        return MockTokenizer.countPrompt(texts);
    }

    @Test
    void answersWithEchoTextAndExactUsage() throws Exception {
        HttpResponse<String> response = http.post("/v1/chat/completions", chat("", "What is RAG?"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestHttp.json(response.body());
        assertThat(body.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(body.path("model").stringValue()).isEqualTo("mock-gpt");
        assertThat(body.path("id").stringValue()).startsWith("chatcmpl-");
        JsonNode choice = body.path("choices").get(0);
        String expected = "mock answer to: What is RAG?";
        assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").stringValue()).isEqualTo(expected);
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        int prompt = expectedPrompt("What is RAG?");
        int completion = MockTokenizer.count(expected);
        assertThat(usage.path("prompt_tokens").intValue()).isEqualTo(prompt).isEqualTo(4 + 4 + 4 + 4);
        assertThat(usage.path("completion_tokens").intValue()).isEqualTo(completion);
        assertThat(usage.path("total_tokens").intValue()).isEqualTo(prompt + completion);
    }

    @Test
    void streamsTextInChunksThatJoinToTheAnswer() throws Exception {
        server.setRules(Rule.whenLastMessageContains("poem").replyText("Roses are red, violets are blue."));

        TestHttp.Stream stream = http.stream("/v1/chat/completions", chat(",\"stream\":true", "Write a poem"));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(stream.failure()).isNull();
        assertThat(stream.done()).isTrue();
        assertThat(stream.content()).isEqualTo("Roses are red, violets are blue.");
        List<JsonNode> chunks = stream.chunks();
        // role chunk + one chunk per token + finish chunk, no usage chunk without include_usage
        assertThat(chunks).hasSize(1 + MockTokenizer.count("Roses are red, violets are blue.") + 1);
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.path("object").stringValue()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks)
                .extracting(c -> c.path("id").stringValue())
                .containsOnly(chunks.getFirst().path("id").stringValue());
        assertThat(chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .stringValue())
                .isEqualTo("assistant");
        assertThat(chunks.getLast().path("choices").get(0).path("finish_reason").stringValue())
                .isEqualTo("stop");
        assertThat(chunks).noneMatch(c -> c.has("usage"));
    }

    @Test
    void includeUsageAddsAFinalChunkWithUsageAndNoChoices() throws Exception {
        String body = chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}", "Count me");

        TestHttp.Stream stream = http.stream("/v1/chat/completions", body);

        assertThat(stream.done()).isTrue();
        List<JsonNode> chunks = stream.chunks();
        JsonNode last = chunks.getLast();
        assertThat(last.path("choices").isArray()).isTrue();
        assertThat(last.path("choices").isEmpty()).isTrue();
        String answer = "mock answer to: Count me";
        assertThat(last.path("usage").path("prompt_tokens").intValue()).isEqualTo(expectedPrompt("Count me"));
        assertThat(last.path("usage").path("completion_tokens").intValue()).isEqualTo(MockTokenizer.count(answer));
        assertThat(last.path("usage").path("total_tokens").intValue())
                .isEqualTo(expectedPrompt("Count me") + MockTokenizer.count(answer));
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
        assertThat(stream.content()).isEqualTo(answer);
    }

    @Test
    void answersWithAToolCallWhenScripted() throws Exception {
        server.setRules(Rule.whenLastMessageContains("weather").replyToolCall("get_weather", "{\"city\":\"Paris\"}"));

        HttpResponse<String> response = http.post("/v1/chat/completions", chat("", "What's the Weather in Paris?"));

        JsonNode choice = TestHttp.json(response.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").stringValue()).startsWith("call_");
        assertThat(call.path("type").stringValue()).isEqualTo("function");
        assertThat(call.path("function").path("name").stringValue()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").stringValue()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(TestHttp.json(response.body())
                        .path("usage")
                        .path("completion_tokens")
                        .intValue())
                .isEqualTo(MockTokenizer.count("get_weather") + MockTokenizer.count("{\"city\":\"Paris\"}"));
    }

    @Test
    void streamedToolCallsReassembleToTheScriptedCalls() throws Exception {
        server.setRules(Rule.whenLastMessageContains("weather")
                .replyToolCall("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}")
                .replyToolCall("get_time", "{\"tz\":\"Europe/Paris\"}"));

        TestHttp.Stream stream = http.stream(
                "/v1/chat/completions",
                chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}", "weather and time please"));

        assertThat(stream.done()).isTrue();
        // Reassemble the way OpenAI clients do: by index, id and name from the first fragment, arguments appended.
        String[] ids = new String[2];
        String[] names = new String[2];
        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        int argumentChunks = 0;
        String finishReason = null;
        for (JsonNode chunk : stream.chunks()) {
            for (JsonNode choice : chunk.path("choices")) {
                for (JsonNode call : choice.path("delta").path("tool_calls")) {
                    int index = call.path("index").intValue();
                    if (call.has("id")) {
                        assertThat(ids[index]).isNull();
                        ids[index] = call.path("id").stringValue();
                        names[index] = call.path("function").path("name").stringValue();
                        assertThat(call.path("function").path("arguments").stringValue())
                                .isEmpty();
                    } else {
                        assertThat(ids[index]).as("header chunk comes first").isNotNull();
                        arguments[index].append(
                                call.path("function").path("arguments").stringValue());
                        argumentChunks++;
                    }
                }
                if (choice.hasNonNull("finish_reason")) {
                    finishReason = choice.path("finish_reason").stringValue();
                }
            }
        }
        assertThat(names).containsExactly("get_weather", "get_time");
        assertThat(ids).allSatisfy(id -> assertThat(id).startsWith("call_"));
        assertThat(ids[0]).isNotEqualTo(ids[1]);
        assertThat(arguments[0].toString()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(arguments[1].toString()).isEqualTo("{\"tz\":\"Europe/Paris\"}");
        assertThat(argumentChunks).isGreaterThan(2);
        assertThat(finishReason).isEqualTo("tool_calls");
        JsonNode first = stream.chunks().getFirst().path("choices").get(0).path("delta");
        assertThat(first.path("role").stringValue()).isEqualTo("assistant");
        assertThat(stream.chunks()
                        .getLast()
                        .path("usage")
                        .path("completion_tokens")
                        .intValue())
                .isEqualTo(MockTokenizer.count("get_weather")
                        + MockTokenizer.count("{\"city\":\"Paris\",\"unit\":\"celsius\"}")
                        + MockTokenizer.count("get_time")
                        + MockTokenizer.count("{\"tz\":\"Europe/Paris\"}"));
    }

    @Test
    void maxTokensTruncatesWithFinishReasonLength() throws Exception {
        server.setRules(Rule.always().replyText("one two three four five six"));

        JsonNode body = TestHttp.json(http.post("/v1/chat/completions", chat(",\"max_tokens\":3", "count"))
                .body());
        JsonNode streamed = http.stream(
                        "/v1/chat/completions",
                        chat(
                                ",\"max_completion_tokens\":2,\"stream\":true,\"stream_options\":{\"include_usage\":true}",
                                "count"))
                .chunks()
                .getLast();

        assertThat(body.path("choices").get(0).path("message").path("content").stringValue())
                .isEqualTo("one two three");
        assertThat(body.path("choices").get(0).path("finish_reason").stringValue())
                .isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").intValue()).isEqualTo(3);
        assertThat(streamed.path("usage").path("completion_tokens").intValue()).isEqualTo(2);
    }

    @Test
    void stopSequenceCutsTheAnswer() throws Exception {
        server.setRules(Rule.always().replyText("first line\nsecond line END more"));

        JsonNode body = TestHttp.json(http.post("/v1/chat/completions", chat(",\"stop\":[\"END\",\"\\n\"]", "go"))
                .body());

        assertThat(body.path("choices").get(0).path("message").path("content").stringValue())
                .isEqualTo("first line");
        assertThat(body.path("choices").get(0).path("finish_reason").stringValue())
                .isEqualTo("stop");
        assertThat(body.path("usage").path("completion_tokens").intValue()).isEqualTo(2);
    }

    @Test
    void jsonObjectResponseFormatGetsAJsonAnswer() throws Exception {
        JsonNode body = TestHttp.json(
                http.post("/v1/chat/completions", chat(",\"response_format\":{\"type\":\"json_object\"}", "hi json"))
                        .body());

        String content =
                body.path("choices").get(0).path("message").path("content").stringValue();
        assertThat(TestHttp.json(content).path("answer").stringValue()).isEqualTo("mock answer to: hi json");
    }

    @Test
    void defaultAnswerAfterAToolResultUsesTheResult() throws Exception {
        String body = "{\"model\":\"mock-gpt\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18 C and sunny\"}]}";

        JsonNode response =
                TestHttp.json(http.post("/v1/chat/completions", body).body());

        assertThat(response.path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .stringValue())
                .isEqualTo("mock answer using the tool result: 18 C and sunny");
        assertThat(response.path("usage").path("prompt_tokens").intValue())
                .isEqualTo(MockTokenizer.countPrompt(
                        List.of("weather?", "get_weather {\"city\":\"Paris\"}", "18 C and sunny")));
    }

    @Test
    void rulesMatchOnModelHeaderRoleAndRegexFirstMatchWins() throws Exception {
        server.setRules(
                Rule.whenLastMessageMatches("(?i)^ping$")
                        .forModel("mock-gpt-mini")
                        .replyText("pong mini"),
                Rule.whenLastMessageMatches("(?i)^ping$")
                        .whenHeader("X-Scenario", "b")
                        .replyText("pong b"),
                Rule.whenLastMessageContains("ping").fromRole("user").replyText("pong {{model}}: {{lastMessage}}"),
                Rule.always().replyText("never reached for ping"));

        String mini = chat("", "ping").replace("\"mock-gpt\"", "\"mock-gpt-mini\"");
        assertThat(content(http.post("/v1/chat/completions", mini))).isEqualTo("pong mini");
        assertThat(content(http.post("/v1/chat/completions", chat("", "ping"), "X-Scenario", "b")))
                .isEqualTo("pong b");
        assertThat(content(http.post("/v1/chat/completions", chat("", "PING")))).isEqualTo("pong mock-gpt: PING");
        assertThat(content(http.post("/v1/chat/completions", chat("", "other"))))
                .isEqualTo("never reached for ping");
    }

    @Test
    void malformedJsonGets400InOpenAiErrorShape() throws Exception {
        HttpResponse<String> response = http.post("/v1/chat/completions", "{\"model\": \"mock-gpt\", messages: [");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = TestHttp.json(response.body()).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").stringValue()).contains("could not parse the JSON body");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
    }

    @Test
    void invalidRequestsGet400WithTheOffendingParam() throws Exception {
        assertThat(errorParam(
                        http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
                .isEqualTo("model");
        assertThat(errorParam(http.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}")))
                .isEqualTo("messages");
        assertThat(errorParam(http.post("/v1/chat/completions", chat(",\"n\":2", "x"))))
                .isEqualTo("n");
        assertThat(errorParam(http.post("/v1/chat/completions", chat(",\"max_tokens\":0", "x"))))
                .isEqualTo("max_tokens");
        assertThat(errorParam(http.post("/v1/chat/completions", chat(",\"response_format\":{\"type\":\"xml\"}", "x"))))
                .isEqualTo("response_format.type");
        assertThat(errorParam(http.post("/v1/chat/completions", "[1,2]"))).isNull();
        assertThat(server.requests("/v1/chat/completions")).hasSize(6);
    }

    @Test
    void unknownPathAndWrongMethodGetOpenAiErrors() throws Exception {
        HttpResponse<String> notFound = http.post("/v1/completions/legacy", "{}");
        HttpResponse<String> wrongMethod = http.get("/v1/chat/completions");

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(notFound.body()).path("error").path("message").stringValue())
                .isEqualTo("Invalid URL (POST /v1/completions/legacy)");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(TestHttp.json(wrongMethod.body()).path("error").path("type").stringValue())
                .isEqualTo("invalid_request_error");
    }

    @Test
    void listsTheConfiguredModels() throws Exception {
        JsonNode models = TestHttp.json(http.get("/v1/models").body());
        HttpResponse<String> one = http.get("/v1/models/mock-gpt");
        HttpResponse<String> missing = http.get("/v1/models/gpt-17");

        assertThat(models.path("object").stringValue()).isEqualTo("list");
        assertThat(models.path("data").valueStream().map(m -> m.path("id").stringValue()))
                .containsExactlyElementsOf(MockLlmConfig.DEFAULT_MODELS);
        assertThat(TestHttp.json(one.body()).path("owned_by").stringValue()).isEqualTo("mock-llm");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(missing.body()).path("error").path("code").stringValue())
                .isEqualTo("model_not_found");
    }

    private static String content(HttpResponse<String> response) {
        return TestHttp.json(response.body())
                .path("choices")
                .get(0)
                .path("message")
                .path("content")
                .stringValue();
    }

    private static String errorParam(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode param = TestHttp.json(response.body()).path("error").path("param");
        return param.isNull() ? null : param.stringValue();
    }
}
