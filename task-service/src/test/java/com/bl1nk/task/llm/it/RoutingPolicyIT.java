package com.bl1nk.task.llm.it;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static com.bl1nk.testsupport.TestTenants.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.mockllm.Rule;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing policies: named aliases in {@code model}, their strategies, validation and tenant isolation. */
class RoutingPolicyIT extends LlmItBase {

    private UUID createPolicy(UUID tenant, String body) {
        HttpResponse<String> response = post("/api/v1/models/policies", tenant, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(json(response).path("id").asString());
    }

    @Test
    void fallbackPolicyTriesItsChainInOrder() {
        UUID tenant = UUID.randomUUID();
        createPolicy(
                tenant,
                "{\"name\":\"b-then-a\",\"strategy\":\"fallback\",\"models\":[{\"provider\":\"mock-b\",\"model\":\"mock-gpt\"},{\"provider\":\"mock-a\",\"model\":\"mock-gpt\"}]}");

        HttpResponse<String> first = post("/v1/chat/completions", tenant, chat("b-then-a", "hi", false));
        assertThat(first.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");

        MOCK_B.setRules(Rule.always().replyError(500));
        HttpResponse<String> second = post("/v1/chat/completions", tenant, chat("b-then-a", "hi", false));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-a");
    }

    @Test
    void pinnedPolicyUsesExactlyItsModel() {
        UUID tenant = UUID.randomUUID();
        createPolicy(tenant, "{\"name\":\"pin\",\"strategy\":\"pinned\",\"models\":[{\"model\":\"b-only\"}]}");

        HttpResponse<String> response = post("/v1/chat/completions", tenant, chat("pin", "hi", false));

        assertThat(response.headers().firstValue("X-Bl1nk-Model")).hasValue("b-only");
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");
    }

    @Test
    void cheapestPolicyWithToolsSkipsModelsWithoutToolSupport() {
        UUID tenant = UUID.randomUUID();
        createPolicy(
                tenant,
                "{\"name\":\"cheap-tools\",\"strategy\":\"cheapest\",\"requiredCapabilities\":[\"tools\"],"
                        + "\"models\":[{\"model\":\"no-tools-model\"},{\"provider\":\"mock-a\",\"model\":\"mock-gpt\"}]}");

        HttpResponse<String> response = post("/v1/chat/completions", tenant, chat("cheap-tools", "hi", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Model")).hasValue("mock-gpt");
    }

    @Test
    void fastestPrefersTheProviderWithTheLowerLiveLatency() {
        UUID tenant = UUID.randomUUID();
        MOCK_A.setRules(Rule.always().replyText("slow").extraLatency(java.time.Duration.ofMillis(800)));
        assertThat(post("/v1/chat/completions", tenant, chat("mock-a/mock-gpt", "hi", false))
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/chat/completions", tenant, chat("mock-b/mock-gpt", "hi", false))
                        .statusCode())
                .isEqualTo(200);
        createPolicy(
                tenant,
                "{\"name\":\"quick\",\"strategy\":\"fastest\",\"models\":[{\"provider\":\"mock-a\",\"model\":\"mock-gpt\"},"
                        + "{\"provider\":\"mock-b\",\"model\":\"mock-gpt\"}]}");

        HttpResponse<String> response = post("/v1/chat/completions", tenant, chat("quick", "hi", false));

        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-b");
        HttpResponse<String> catalog = get("/api/v1/models", tenant);
        assertThat(catalog.body()).contains("latencyMsEwma");
    }

    @Test
    void policiesAreListedAsModelsForTheirTenantOnly() {
        createPolicy(
                TENANT_A,
                "{\"name\":\"a-fast-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"strategy\":\"fastest\"}");

        assertThat(get("/v1/models", TENANT_A).body()).contains("a-fast-");
        assertThat(get("/v1/models", TENANT_B).body()).doesNotContain("a-fast-");
    }

    @Test
    void anotherTenantCannotSeeUseChangeOrDeleteAPolicy() {
        String name = "secret-chain-" + UUID.randomUUID().toString().substring(0, 6);
        UUID id = createPolicy(
                TENANT_A, "{\"name\":\"" + name + "\",\"strategy\":\"pinned\",\"models\":[{\"model\":\"mock-gpt\"}]}");

        assertThat(get("/api/v1/models/policies/" + id, TENANT_B).statusCode()).isEqualTo(404);
        assertThat(send(
                                "PUT",
                                "/api/v1/models/policies/" + id,
                                token(TENANT_B),
                                "{\"name\":\"" + name + "\",\"strategy\":\"fastest\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/models/policies/" + id, token(TENANT_B), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/v1/chat/completions", TENANT_B, chat(name, "hi", false))
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/models/policies", TENANT_B).body()).doesNotContain(id.toString());
        assertThat(get("/api/v1/models/policies/" + id, TENANT_A).statusCode()).isEqualTo(200);
    }

    @Test
    void replaceAndDeleteWork() {
        UUID tenant = UUID.randomUUID();
        UUID id = createPolicy(tenant, "{\"name\":\"changing\",\"strategy\":\"fastest\"}");

        HttpResponse<String> replaced = send(
                "PUT",
                "/api/v1/models/policies/" + id,
                token(tenant),
                "{\"name\":\"changing\",\"strategy\":\"pinned\",\"models\":[{\"model\":\"b-only\"}]}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json(replaced).path("strategy").asString()).isEqualTo("PINNED");

        assertThat(send("DELETE", "/api/v1/models/policies/" + id, token(tenant), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/models/policies/" + id, tenant).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidPoliciesAreRejectedWith400() {
        UUID tenant = UUID.randomUUID();
        for (String body : List.of(
                "{\"name\":\"p\",\"strategy\":\"random\"}",
                "{\"name\":\"p\",\"strategy\":\"pinned\"}",
                "{\"name\":\"p\",\"strategy\":\"fallback\",\"models\":[]}",
                "{\"name\":\"P Q\",\"strategy\":\"fastest\"}",
                "{\"name\":\"p\",\"strategy\":\"cheapest\",\"requiredCapabilities\":[\"telepathy\"]}",
                "{\"strategy\":\"cheapest\"}")) {
            HttpResponse<String> response = post("/api/v1/models/policies", tenant, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(json(get("/api/v1/models/policies", tenant)).path("items")).isEmpty();
    }
}
