package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ControlPlaneTests {

    private static final String CHAT =
            "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

    private static MockLlmServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start(MockLlmConfig.defaults()
                .port(0)
                .rules(List.of(Rule.whenLastMessageContains("hello").replyText("configured hello"))));
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
    void healthIsUp() throws Exception {
        HttpResponse<String> response = http.get("/_mock/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response.body()).path("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void requestLogRecordsPathHeadersBodyAndTimeInOrder() throws Exception {
        http.post("/v1/chat/completions", CHAT, "X-Trace", "t-1", "Authorization", "Bearer sk-test");
        http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}");
        http.get("/_mock/health");

        List<RecordedRequest> requests = server.requests();
        assertThat(requests)
                .extracting(RecordedRequest::path)
                .containsExactly("/v1/chat/completions", "/v1/embeddings");
        RecordedRequest chat = requests.getFirst();
        assertThat(chat.sequence()).isEqualTo(1);
        assertThat(chat.method()).isEqualTo("POST");
        assertThat(chat.header("x-trace")).isEqualTo("t-1");
        assertThat(chat.header("authorization")).isEqualTo("Bearer sk-test");
        assertThat(chat.body()).isEqualTo(CHAT);
        assertThat(chat.json().path("model").stringValue()).isEqualTo("mock-gpt");
        assertThat(chat.receivedAt()).isNotNull();

        JsonNode log = TestHttp.json(
                http.get("/_mock/requests?path=/v1/chat/completions").body());
        assertThat(log.path("count").intValue()).isEqualTo(1);
        JsonNode entry = log.path("requests").get(0);
        assertThat(entry.path("path").stringValue()).isEqualTo("/v1/chat/completions");
        assertThat(entry.path("body").stringValue()).isEqualTo(CHAT);
        assertThat(entry.path("headers").path("X-trace").get(0).stringValue()).isEqualTo("t-1");
        assertThat(entry.path("receivedAt").stringValue()).isNotBlank();
        assertThat(TestHttp.json(http.get("/_mock/requests").body())
                        .path("count")
                        .intValue())
                .isEqualTo(2);
    }

    @Test
    void rulesCanBeReplacedOverHttpAndResetRestoresTheConfiguredOnes() throws Exception {
        String rules = """
                {"rules": [
                  {"name": "twice", "when": {"lastMessageContains": "hello"}, "times": 2,
                   "reply": {"error": {"status": 429, "retryAfterSeconds": 3}}},
                  {"when": {"lastMessageContains": "hello"}, "reply": {"text": "over http"}}
                ]}""";

        HttpResponse<String> replaced = http.post("/_mock/rules", rules);

        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(429);
        HttpResponse<String> second = http.post("/v1/chat/completions", CHAT);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(http.post("/v1/chat/completions", CHAT).body()).contains("over http");
        JsonNode active = TestHttp.json(http.get("/_mock/rules").body()).path("rules");
        assertThat(active.get(0).path("name").stringValue()).isEqualTo("twice");
        assertThat(active.get(0).path("uses").intValue()).isEqualTo(2);
        assertThat(active.get(1).path("uses").intValue()).isEqualTo(1);

        HttpResponse<String> reset = http.post("/_mock/reset", "");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(server.requests()).isEmpty();
        assertThat(http.post("/v1/chat/completions", CHAT).body()).contains("configured hello");
    }

    @Test
    void invalidRulesAreRejectedWith400AndKeepTheOldRules() throws Exception {
        HttpResponse<String> response = http.post(
                "/_mock/rules", "[{\"when\": {\"lastMessageContain\": \"typo\"}, \"reply\": {\"text\": \"x\"}}]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response.body()).path("error").path("message").stringValue())
                .contains("lastMessageContain");
        assertThat(http.post("/v1/chat/completions", CHAT).body()).contains("configured hello");
    }

    @Test
    void clearingTheRequestLogOverHttp() throws Exception {
        http.post("/v1/chat/completions", CHAT);

        HttpResponse<String> cleared = http.client()
                .send(
                        java.net.http.HttpRequest.newBuilder(server.rootUri().resolve("/_mock/requests"))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void requiredApiKeyRejectsMissingOrWrongKeysWith401() throws Exception {
        try (MockLlmServer secured =
                MockLlmServer.start(MockLlmConfig.defaults().port(0).requireApiKey("sk-mock"))) {
            TestHttp client = new TestHttp(secured);

            HttpResponse<String> missing = client.post("/v1/chat/completions", CHAT);
            HttpResponse<String> wrong = client.post("/v1/chat/completions", CHAT, "Authorization", "Bearer sk-nope");
            HttpResponse<String> right = client.post("/v1/chat/completions", CHAT, "Authorization", "Bearer sk-mock");
            HttpResponse<String> models = client.get("/v1/models");
            HttpResponse<String> health = client.get("/_mock/health");

            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(TestHttp.json(missing.body()).path("error").path("type").stringValue())
                    .isEqualTo("invalid_request_error");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(TestHttp.json(wrong.body()).path("error").path("code").stringValue())
                    .isEqualTo("invalid_api_key");
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(models.statusCode()).isEqualTo(401);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(secured.requests()).hasSize(4);
        }
    }
}
