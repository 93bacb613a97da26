package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.smoke.RunningPlatform;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The control plane of the platform's mock-llm ({@code /_mock/*}, see mock-llm/README.md): scripts the offline model's
 * replies and reads back what task-service sent it. Not routed through the gateway: it plays the external provider.
 */
final class MockLlm {

    private MockLlm() {}

    /** Replaces the rules (JSON array or {@code {"rules": [...]}}), resetting their counters. */
    static void setRules(String rulesJson) {
        HttpResponse<String> response =
                PlatformApi.send(HttpRequest.newBuilder(RunningPlatform.uri(RunningPlatform.MOCK_LLM, "/_mock/rules"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(rulesJson)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Back to the startup (demo) rules with an empty request log. */
    static void reset() {
        HttpResponse<String> response =
                PlatformApi.send(HttpRequest.newBuilder(RunningPlatform.uri(RunningPlatform.MOCK_LLM, "/_mock/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
    }

    /** Recorded requests to {@code path} (oldest first), each {@code {sequence, method, path, headers, body, …}}. */
    static List<JsonNode> requests(String path) {
        HttpResponse<String> response = PlatformApi.send(
                HttpRequest.newBuilder(RunningPlatform.uri(RunningPlatform.MOCK_LLM, "/_mock/requests?path=" + path))
                        .GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        PlatformApi.JSON.readTree(response.body()).path("requests").forEach(out::add);
        return out;
    }

    /** Recorded chat completion requests, bodies parsed. */
    static List<JsonNode> chatBodies() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : requests("/v1/chat/completions")) {
            out.add(PlatformApi.JSON.readTree(r.path("body").asString()));
        }
        return out;
    }

    /**
     * mock-llm's documented token count: a maximal run of letters/digits, or one other non-whitespace character, is one
     * token; whitespace is none.
     */
    static int tokens(String text) {
        if (text == null) {
            return 0;
        }
        int tokens = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                tokens++;
                while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
            } else {
                tokens++;
                i += Character.charCount(cp);
            }
        }
        return tokens;
    }

    /** mock-llm's prompt tokens of a chat request body: 4 per message plus its text (and assistant tool calls). */
    static int promptTokens(JsonNode requestBody) {
        int total = 0;
        for (JsonNode m : requestBody.path("messages")) {
            total += 4;
            JsonNode content = m.path("content");
            if (content.isString()) {
                total += tokens(content.asString());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    total += tokens(part.path("text").asString(""));
                }
            }
            for (JsonNode call : m.path("tool_calls")) {
                total += tokens(call.path("function").path("name").asString(""));
                total += tokens(call.path("function").path("arguments").asString(""));
            }
        }
        return total;
    }
}
