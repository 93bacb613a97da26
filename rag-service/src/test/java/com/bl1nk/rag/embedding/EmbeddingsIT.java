package com.bl1nk.rag.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.MockEmbeddings;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EmbeddingsIT extends RagIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Test
    void openAiCompatibleEndpointEmbedsWithTheBuiltInModel() {
        Tenants.Tenant tenant = Tenants.newTenant();
        Api.Response r = api.post(
                tenant.token(),
                "/v1/embeddings",
                Map.of("model", "all-minilm-l6-v2", "input", List.of("first text", "second text")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("object").asString()).isEqualTo("list");
        assertThat(r.json().get("data")).hasSize(2);
        assertThat(r.json().get("data").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(r.json().get("data").get(0).get("embedding")).hasSize(384);
        assertThat(r.json().get("usage").get("prompt_tokens").asInt()).isPositive();

        Api.Response single = api.post(tenant.token(), "/v1/embeddings", Map.of("input", "just one"));
        assertThat(single.json().get("data")).hasSize(1);
    }

    @Test
    void aKeysModelAllowlistRefusesOtherEmbeddingModelsWith403AndAllowsItsOwn() {
        Tenants.Tenant tenant = Tenants.newTenant();
        Tenants.Tenant limited = Tenants.withModels(tenant, List.of("all-minilm*"));
        Tenants.Tenant other = Tenants.withModels(tenant, List.of("gpt-4o*"));

        Api.Response allowed =
                api.post(limited.token(), "/v1/embeddings", Map.of("model", "all-minilm-l6-v2", "input", "x"));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        Api.Response byDefault = api.post(limited.token(), "/v1/embeddings", Map.of("input", "x"));
        assertThat(byDefault.status()).as(byDefault.body()).isEqualTo(200);

        Api.Response refused =
                api.post(other.token(), "/v1/embeddings", Map.of("model", "all-minilm-l6-v2", "input", "x"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        JsonNode error = refused.json().path("error");
        assertThat(error.path("code").asString()).isEqualTo("model_not_allowed");
        assertThat(error.path("type").asString()).isEqualTo("permission_error");
        assertThat(error.path("param").asString()).isEqualTo("model");
        assertThat(error.path("message").asString())
                .contains("all-minilm-l6-v2")
                .contains("allowlist");
    }

    @Test
    void badEmbeddingRequestsAre400sInOpenAisErrorShape() {
        Tenants.Tenant tenant = Tenants.newTenant();
        for (Object input : List.of(List.of(), 42, List.of(1, 2), "")) {
            Api.Response r = api.post(tenant.token(), "/v1/embeddings", Map.of("input", input));
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(r.json().path("error").path("message").asString()).isNotBlank();
        }
        Api.Response unknown = api.post(tenant.token(), "/v1/embeddings", Map.of("model", "gpt-9", "input", "x"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("code").asString()).isEqualTo("unknown_model");
        // even the identity filter's 401 is in OpenAI's shape under /v1
        Api.Response anonymous = api.post(null, "/v1/embeddings", Map.of("input", "x"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error").path("type").asString()).isEqualTo("authentication_error");
        // while the rest of the API keeps problem+json
        assertThat(api.get(null, "/api/v1/knowledge-bases").contentType()).startsWith("application/problem+json");
    }

    @Test
    void aWrongJsonTypeIsOpenAisErrorNamingTheParam() {
        Tenants.Tenant tenant = Tenants.newTenant();

        Api.Response r = api.post(tenant.token(), "/v1/embeddings", Map.of("model", Map.of("id", "x"), "input", "x"));

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asString()).isEqualTo("invalid_request");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asString()).isEqualTo("model");
        assertThat(error.path("message").asString()).isEqualTo("`model` must be a string");
    }

    @Test
    void providerEmbeddingsIngestAndQueryThroughTheProviderAndAreMetered() {
        Tenants.Tenant tenant = Tenants.newTenant();
        MockEmbeddings.server().clearRequests();
        Api.Response kbResponse = api.post(
                tenant.token(),
                "/api/v1/knowledge-bases",
                Map.of(
                        "name",
                        "provider-kb",
                        "embedding",
                        Map.of("provider", "mock", "model", "mock-embedding", "dimension", 384)));
        assertThat(kbResponse.status()).as(kbResponse.body()).isEqualTo(201);
        UUID kb = UUID.fromString(kbResponse.json().get("id").asString());
        UUID doc = uploadText(tenant, kb, "p.txt", "text/plain", "Provider embedded text about lighthouses.");
        awaitReady(tenant, kb, doc);

        Api.Response q = query(tenant, kb, Map.of("query", "lighthouses", "mode", "vector"));
        assertThat(q.status()).as(q.body()).isEqualTo(200);
        assertThat(q.json().get("results").get(0).get("document").get("id").asString())
                .isEqualTo(doc.toString());
        assertThat(MockEmbeddings.server().requests("/v1/embeddings")).hasSizeGreaterThanOrEqualTo(2);

        Api.Response direct =
                api.post(tenant.token(), "/v1/embeddings", Map.of("model", "mock/mock-embedding", "input", "hello"));
        assertThat(direct.status()).as(direct.body()).isEqualTo(200);

        JsonMapper json = JsonMapper.builder().build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<MapRecord<String, Object, Object>> usage =
                    redis.opsForStream().read(StreamOffset.fromStart(keys.key("bl1nk:usage")));
            List<JsonNode> mine = usage.stream()
                    .filter(m -> tenant.id().toString().equals(m.getValue().get("tenantId")))
                    .map(m -> json.readTree(String.valueOf(m.getValue().get("payload"))))
                    .toList();
            // ingest batch + query + direct call, all metered as embeddings of the tenant
            assertThat(mine).hasSizeGreaterThanOrEqualTo(3);
            assertThat(mine).allSatisfy(e -> {
                assertThat(e.get("kind").asString()).isEqualTo("embedding");
                assertThat(e.get("provider").asString()).isEqualTo("mock");
                assertThat(e.get("model").asString()).isEqualTo("mock-embedding");
                assertThat(e.get("promptTokens").asInt()).isPositive();
            });
            assertThat(mine)
                    .filteredOn(e -> e.has("apiKeyId"))
                    .extracting(e -> e.get("apiKeyId").asString())
                    .contains(tenant.apiKeyId().toString());
        });
        assertThat(usageMessageType()).isEqualTo("ModelCallMetered");
    }

    @Test
    void documentFailsWithAReasonWhenTheProviderKeepsRefusing() {
        Tenants.Tenant tenant = Tenants.newTenant();
        MockEmbeddings.server()
                .setRules(Rule.whenLastMessageContains("POISON").onEmbeddings().replyError(400));
        try {
            Api.Response kbResponse = api.post(
                    tenant.token(),
                    "/api/v1/knowledge-bases",
                    Map.of(
                            "name",
                            "refused",
                            "embedding",
                            Map.of("provider", "mock", "model", "mock-embedding", "dimension", 384)));
            UUID kb = UUID.fromString(kbResponse.json().get("id").asString());
            UUID doc = uploadText(tenant, kb, "bad.txt", "text/plain", "This text contains POISON for the provider.");
            String path = "/api/v1/knowledge-bases/" + kb + "/documents/" + doc;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode d = api.get(tenant.token(), path).json();
                assertThat(d.get("status").asString()).isEqualTo("failed");
                assertThat(d.get("failureReason").asString()).contains("embedding provider mock");
            });
            assertThat(jdbc.queryForObject("select count(*) from rag.chunks where document_id = ?", Integer.class, doc))
                    .isZero();
        } finally {
            MockEmbeddings.server().reset();
        }
    }

    private Object usageMessageType() {
        return redis.opsForStream()
                .read(StreamOffset.fromStart(keys.key("bl1nk:usage")))
                .getFirst()
                .getValue()
                .get("type");
    }
}
