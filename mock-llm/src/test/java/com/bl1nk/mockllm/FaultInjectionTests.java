package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FaultInjectionTests {

    private static final String CHAT =
            "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}";
    private static final String STREAM = "{\"model\":\"mock-gpt\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}";

    private static MockLlmServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start(
                MockLlmConfig.defaults().port(0).maxRequestBodyBytes(4096).maxHang(Duration.ofSeconds(30)));
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

    @Test
    void scriptedErrorCarriesRetryAfterAndOpenAiErrorBody() throws Exception {
        server.setRules(Rule.always().replyError(429, 7));

        HttpResponse<String> response = http.post("/v1/chat/completions", CHAT);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode error = TestHttp.json(response.body()).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").stringValue()).isNotBlank();
    }

    @Test
    void errorStatusesCanBeScriptedForEveryFailureKind() throws Exception {
        for (int status : new int[] {400, 401, 500, 503}) {
            server.setRules(Rule.always().replyError(status));
            HttpResponse<String> response = http.post("/v1/chat/completions", STREAM);
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
            assertThat(TestHttp.json(response.body()).path("error").path("type").stringValue())
                    .isEqualTo(status >= 500 ? "server_error" : "invalid_request_error");
        }
    }

    @Test
    void ruleLimitedToTwoUsesFailsTwiceThenTheNextRuleAnswers() throws Exception {
        server.setRules(Rule.always().replyError(503).times(2), Rule.always().replyText("finally"));

        int first = http.post("/v1/chat/completions", CHAT).statusCode();
        int second = http.post("/v1/chat/completions", CHAT).statusCode();
        HttpResponse<String> third = http.post("/v1/chat/completions", CHAT);
        HttpResponse<String> fourth = http.post("/v1/chat/completions", CHAT);

        assertThat(first).isEqualTo(503);
        assertThat(second).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).contains("finally");
        assertThat(fourth.statusCode()).isEqualTo(200);
        assertThat(server.requests("/v1/chat/completions")).hasSize(4);
    }

    @Test
    void midStreamDisconnectLeavesATruncatedStreamWithoutDone() throws Exception {
        server.setRules(Rule.always()
                .replyText("a long story with many many words in it")
                .disconnectAfterChunks(3));

        TestHttp.Stream stream = http.stream("/v1/chat/completions", STREAM);

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.data()).hasSize(3).doesNotContain("[DONE]");
        assertThat(stream.done()).isFalse();
        assertThat(stream.failure()).as("the client sees the connection break").isNotNull();
        assertThat(stream.content()).isEqualTo("a long");
    }

    @Test
    void disconnectOnANonStreamingCallBreaksTheResponse() {
        server.setRules(
                Rule.whenLastMessageContains("story").disconnectAfterChunks(0).times(1),
                Rule.whenLastMessageContains("story").disconnectAfterChunks(1).times(1));

        assertThatThrownBy(() -> http.post("/v1/chat/completions", CHAT)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> http.post("/v1/chat/completions", CHAT)).isInstanceOf(IOException.class);
    }

    @Test
    void hangNeverAnswersUntilTheClientTimesOut() throws Exception {
        server.setRules(Rule.always().hang().times(1));

        assertThatThrownBy(() -> http.postWithTimeout("/v1/chat/completions", CHAT, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        // The hang used up its single use; the next call is answered normally.
        assertThat(http.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void ruleLatencyHoldsTheAnswerPastAShortClientTimeout() throws Exception {
        server.setRules(
                Rule.always().extraLatency(Duration.ofSeconds(20)).times(1),
                Rule.always().timeToFirstToken(Duration.ofSeconds(20)).times(1));

        assertThatThrownBy(() -> http.postWithTimeout("/v1/chat/completions", CHAT, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> http.postWithTimeout("/v1/chat/completions", CHAT, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(http.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void resetReleasesAHangingRequestByDroppingItsConnection() throws Exception {
        server.setRules(Rule.always().hang());
        var pending = http.client()
                .sendAsync(
                        java.net.http.HttpRequest.newBuilder(server.rootUri().resolve("/v1/chat/completions"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(CHAT))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> server.requests("/v1/chat/completions").size() == 1);

        server.reset();

        assertThat(pending).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void tooLargeBodyGets413() throws Exception {
        String big =
                "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}";

        HttpResponse<String> response = http.post("/v1/chat/completions", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(TestHttp.json(response.body()).path("error").path("code").stringValue())
                .isEqualTo("request_too_large");
    }

    @Test
    void errorRulesApplyToEmbeddingsWhenAsked() throws Exception {
        server.setRules(Rule.always().onEmbeddings().replyError(500).times(1));

        int chat = http.post("/v1/chat/completions", CHAT).statusCode();
        int firstEmbedding = http.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"x\"}")
                .statusCode();
        int secondEmbedding = http.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"x\"}")
                .statusCode();

        assertThat(chat).isEqualTo(200);
        assertThat(firstEmbedding).isEqualTo(500);
        assertThat(secondEmbedding).isEqualTo(200);
    }
}
