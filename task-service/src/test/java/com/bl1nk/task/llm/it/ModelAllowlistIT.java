package com.bl1nk.task.llm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.testsupport.TestIdentities;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/chat/completions} with a key limited to some models: 200 for an allowed one, 403
 * {@code model_not_allowed} in OpenAI's error shape for another, before any provider is called.
 */
class ModelAllowlistIT extends LlmItBase {

    @Test
    void aKeyWithAModelAllowlistGets200ForAnAllowedModelAnd403ForAnother() {
        MOCK_A.setRules(Rule.always().replyText("allowed answer"));
        MOCK_B.setRules(Rule.always().replyText("should never be asked"));
        UUID tenant = UUID.randomUUID();
        String limited = tokenWithModels(tenant, List.of("mock-g*"));

        HttpResponse<String> allowed = send("POST", "/v1/chat/completions", limited, chat("mock-gpt", "hello", false));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(json(allowed)
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("allowed answer");

        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> refused =
                    send("POST", "/v1/chat/completions", limited, chat("b-only", "hello", stream));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode error = json(refused).path("error");
            assertThat(error.path("code").asString()).isEqualTo("model_not_allowed");
            assertThat(error.path("type").asString()).isEqualTo("permission_error");
            assertThat(error.path("param").asString()).isEqualTo("model");
            assertThat(error.path("message").asString()).contains("b-only").contains("allowlist");
        }
        assertThat(MOCK_B.requests("/v1/chat/completions"))
                .as("the refused model's provider was never called")
                .isEmpty();

        List<String> listed = new java.util.ArrayList<>();
        json(send("GET", "/v1/models", limited, null))
                .path("data")
                .forEach(m -> listed.add(m.path("id").asString()));
        assertThat(listed)
                .as("/v1/models lists only what the key may call")
                .contains("mock-gpt")
                .doesNotContain("b-only");
    }

    @Test
    void aProviderQualifiedEntryAllowsOnlyThatProvidersCopyOfTheModel() {
        MOCK_A.setRules(Rule.always().replyText("from a"));
        MOCK_B.setRules(Rule.always().replyText("from b"));
        UUID tenant = UUID.randomUUID();
        String onlyB = tokenWithModels(tenant, List.of("mock-b/mock-gpt"));

        HttpResponse<String> response = send("POST", "/v1/chat/completions", onlyB, chat("mock-gpt", "hi", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");
        assertThat(MOCK_A.requests("/v1/chat/completions")).isEmpty();
    }

    @Test
    void aWildcardMeantForModelsDoesNotOpenARoutingPolicyThatHappensToMatchIt() {
        MOCK_A.setRules(Rule.always().replyText("from a"));
        MOCK_B.setRules(Rule.always().replyText("should never be asked"));
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> policy = send(
                "POST",
                "/api/v1/models/policies",
                token(tenant),
                "{\"name\":\"mock-g-router\",\"strategy\":\"fallback\",\"models\":[{\"provider\":\"mock-b\","
                        + "\"model\":\"b-only\"}]}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
        String limited = tokenWithModels(tenant, List.of("mock-g*"));

        HttpResponse<String> refused =
                send("POST", "/v1/chat/completions", limited, chat("mock-g-router", "hello", false));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).path("error").path("code").asString()).isEqualTo("model_not_allowed");
        assertThat(MOCK_B.requests("/v1/chat/completions")).isEmpty();
        HttpResponse<String> named = send(
                "POST",
                "/v1/chat/completions",
                tokenWithModels(tenant, List.of("mock-g-router")),
                chat("mock-g-router", "hello", false));
        assertThat(named.statusCode())
                .as("a key that names the policy exactly may use it: %s", named.body())
                .isEqualTo(200);
    }

    private static String tokenWithModels(UUID tenant, List<String> models) {
        UUID key = UUID.randomUUID();
        return TestIdentities.token(
                new Identity(tenant, "key:" + key, Set.of(Identity.DEVELOPER), Set.of(), key, models));
    }
}
