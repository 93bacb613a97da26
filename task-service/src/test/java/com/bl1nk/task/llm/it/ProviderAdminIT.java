package com.bl1nk.task.llm.it;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static com.bl1nk.testsupport.TestTenants.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.mockllm.Rule;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The provider admin API: write-only credentials, encryption at rest, validation, roles and tenant isolation. */
class ProviderAdminIT extends LlmItBase {

    @Autowired
    JdbcTemplate jdbc;

    private String providerBody(String name, String model) {
        return """
                {"name":"%s","kind":"openai_compatible","baseUrl":"%s","apiKey":"sk-tenant-secret",
                 "headers":{"HTTP-Referer":"https://example.test","X-Title":"bl1nk tests"},
                 "models":[{"id":"%s","contextWindow":32000,"supportsTools":true}]}
                """.formatted(name, TENANT_LLM.baseUrl(), model);
    }

    private UUID create(UUID tenant, String name, String model) {
        HttpResponse<String> response = post("/api/v1/providers", tenant, providerBody(name, model));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(json(response).path("id").asString());
    }

    @Test
    void createdProviderNeverShowsItsCredentialsAndStoresThemEncrypted() {
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> response = post("/api/v1/providers", tenant, providerBody("openrouter", "or-model"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location").orElse("")).startsWith("/api/v1/providers/");
        assertThat(response.body()).doesNotContain("sk-tenant-secret").doesNotContain("example.test");
        JsonNode body = json(response);
        assertThat(body.path("hasApiKey").asBoolean()).isTrue();
        assertThat(body.path("headerNames").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("HTTP-Referer", "X-Title");
        assertThat(body.path("kind").asString()).isEqualTo("openai_compatible");
        UUID id = UUID.fromString(body.path("id").asString());

        String stored = jdbc.queryForObject(
                "select credentials_enc from task.llm_providers where tenant_id = ? and id = ?",
                String.class,
                tenant,
                id);
        assertThat(stored).startsWith("v1:").doesNotContain("sk-tenant-secret");

        HttpResponse<String> fetched = get("/api/v1/providers/" + id, tenant);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).doesNotContain("sk-tenant-secret");
        HttpResponse<String> listed = get("/api/v1/providers", tenant);
        assertThat(json(listed).path("items")).hasSize(1);
        assertThat(listed.body()).doesNotContain("sk-tenant-secret");
    }

    @Test
    void tenantProviderServesItsModelsWithTheTenantsKeyAndOnlyForThatTenant() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        create(owner, "my-vllm", "tenant-model");
        TENANT_LLM.setRules(Rule.always().replyText("served by the tenant's own provider"));

        HttpResponse<String> response = post("/v1/chat/completions", owner, chat("tenant-model", "hi", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("my-vllm");
        var upstream = TENANT_LLM.requests("/v1/chat/completions").getFirst();
        assertThat(upstream.header("Authorization")).isEqualTo("Bearer sk-tenant-secret");
        assertThat(upstream.header("X-Title")).isEqualTo("bl1nk tests");

        HttpResponse<String> foreign = post("/v1/chat/completions", other, chat("tenant-model", "hi", false));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(get("/v1/models", other).body()).doesNotContain("tenant-model");
        assertThat(get("/api/v1/models", other).body())
                .doesNotContain("tenant-model")
                .doesNotContain("my-vllm");
        // the tenant's own provider keeps its full health, call count included
        JsonNode own = json(get("/api/v1/models", owner))
                .path("items")
                .valueStream()
                .filter(i -> i.path("id").asString().equals("tenant-model"))
                .findFirst()
                .orElseThrow();
        assertThat(own.path("source").asString()).isEqualTo("tenant");
        assertThat(own.path("health").path("samples").asLong()).isEqualTo(1);
    }

    @Test
    void aTenantProvidersCallsAreMeteredWithoutItsNamesItsBreakerOrTheTenant() {
        UUID owner = UUID.randomUUID();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID provider = create(owner, "private-llm-" + suffix, "private-model-" + suffix);
        TENANT_LLM.setRules(Rule.always().replyText("metered quietly"));

        HttpResponse<String> response =
                post("/v1/chat/completions", owner, chat("private-model-" + suffix, "hi", false));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        String metrics = send("GET", "/actuator/prometheus", null, null).body();
        assertThat(metrics.lines().filter(l -> l.startsWith("bl1nk_llm_calls_seconds_count{")))
                .anyMatch(l -> l.contains("provider=\"tenant\"") && l.contains("model=\"tenant\""));
        assertThat(metrics)
                .doesNotContain("private-llm-" + suffix)
                .doesNotContain("private-model-" + suffix)
                .doesNotContain(owner.toString())
                .doesNotContain(provider.toString());
    }

    @Test
    void updateChangesModelsAndKeepsTheKeyUnlessReplaced() {
        UUID tenant = UUID.randomUUID();
        UUID id = create(tenant, "patchable", "m1");

        HttpResponse<String> patched = send(
                "PATCH", "/api/v1/providers/" + id, token(tenant), "{\"models\":[{\"id\":\"m2\"}],\"enabled\":false}");

        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode body = json(patched);
        assertThat(body.path("models").get(0).path("id").asString()).isEqualTo("m2");
        assertThat(body.path("enabled").asBoolean()).isFalse();
        assertThat(body.path("hasApiKey").asBoolean()).isTrue();

        HttpResponse<String> cleared = send("PATCH", "/api/v1/providers/" + id, token(tenant), "{\"apiKey\":\"\"}");
        assertThat(json(cleared).path("hasApiKey").asBoolean()).isFalse();

        assertThat(send("DELETE", "/api/v1/providers/" + id, token(tenant), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/providers/" + id, tenant).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherTenantCannotReadChangeOrDeleteAProvider() {
        UUID id = create(TENANT_A, "isolated-" + UUID.randomUUID().toString().substring(0, 8), "iso-model");

        assertThat(get("/api/v1/providers/" + id, TENANT_B).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "/api/v1/providers/" + id, token(TENANT_B), "{\"enabled\":false}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/providers/" + id, token(TENANT_B), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/providers", TENANT_B).body()).doesNotContain(id.toString());
        assertThat(get("/api/v1/providers/" + id, TENANT_A).statusCode()).isEqualTo(200);
    }

    @Test
    void movingAProviderToAnotherHostNeedsItsSecretsAgain() {
        UUID tenant = UUID.randomUUID();
        UUID id = create(tenant, "movable", "movable-model");
        String otherHost = TENANT_LLM.baseUrl().replace("127.0.0.1", "localhost");

        HttpResponse<String> refused =
                send("PATCH", "/api/v1/providers/" + id, token(tenant), "{\"baseUrl\":\"" + otherHost + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).path("code").asString()).isEqualTo("api_key_required");
        HttpResponse<String> withKeyOnly = send(
                "PATCH",
                "/api/v1/providers/" + id,
                token(tenant),
                "{\"baseUrl\":\"" + otherHost + "\",\"apiKey\":\"sk-tenant-secret\"}");
        assertThat(withKeyOnly.statusCode())
                .as("stored headers are secrets too")
                .isEqualTo(400);
        assertThat(json(get("/api/v1/providers/" + id, tenant)).path("baseUrl").asString())
                .isEqualTo(TENANT_LLM.baseUrl());

        HttpResponse<String> moved = send(
                "PATCH",
                "/api/v1/providers/" + id,
                token(tenant),
                "{\"baseUrl\":\"" + otherHost + "\",\"apiKey\":\"sk-tenant-secret\",\"headers\":{}}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(json(moved).path("baseUrl").asString()).isEqualTo(otherHost);
        // same host, other settings: the stored key stays without being sent again
        assertThat(send("PATCH", "/api/v1/providers/" + id, token(tenant), "{\"enabled\":true}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTenantBedrockProviderCannotDropItsOwnAwsKeys() {
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> created = post(
                "/api/v1/providers",
                tenant,
                "{\"name\":\"own-aws\",\"kind\":\"bedrock\",\"region\":\"us-east-1\",\"awsAccessKeyId\":\"AKID\","
                        + "\"awsSecretAccessKey\":\"s3cret\",\"models\":[{\"id\":\"m\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();

        HttpResponse<String> cleared = send(
                "PATCH",
                "/api/v1/providers/" + id,
                token(tenant),
                "{\"awsAccessKeyId\":\"\",\"awsSecretAccessKey\":\"\"}");

        assertThat(cleared.statusCode()).isEqualTo(400);
        assertThat(cleared.body()).contains("awsAccessKeyId");
        assertThat(json(get("/api/v1/providers/" + id, tenant))
                        .path("hasAwsKeys")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void invalidProvidersAreRejectedWith400AndNothingIsStored() {
        UUID tenant = UUID.randomUUID();
        List<String> bad = List.of(
                "{\"name\":\"x\",\"kind\":\"carrier-pigeon\",\"baseUrl\":\"https://a.example\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"http://10.1.2.3/v1\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"http://169.254.169.254/v1\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"ftp://a.example\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"Bad Name\",\"kind\":\"openai_compatible\",\"baseUrl\":\"https://a.example\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"https://a.example\",\"models\":[]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"https://a.example\",\"headers\":{\"Host\":\"evil\"},\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"bedrock\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"bedrock\",\"region\":\"us-east-1\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"bedrock\",\"region\":\"us-east-1\",\"awsAccessKeyId\":\"AKID\",\"models\":[{\"id\":\"m\"}]}",
                "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"https://a.example\",\"models\":[{\"id\":\"m\"},{\"id\":\"m\"}]}",
                "not json");
        for (String body : bad) {
            HttpResponse<String> response = post("/api/v1/providers", tenant, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(json(get("/api/v1/providers", tenant)).path("items")).isEmpty();
        assertThat(get("/api/v1/providers/not-a-uuid", tenant).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/providers?limit=0", tenant).statusCode()).isEqualTo(400);
    }

    @Test
    void aRefusedBaseUrlIsExplainedInAPlainSentence() {
        UUID tenant = UUID.randomUUID();
        String unresolvable = "https://api.bl1nk-no-such-host.invalid/v1";
        Map<String, String> cases = Map.of(
                "http://10.1.2.3/v1",
                "Refused to connect to http://10.1.2.3/v1: it points to 10.1.2.3, which is a private address",
                unresolvable,
                "Refused to connect to " + unresolvable + ": the host name api.bl1nk-no-such-host.invalid does not"
                        + " resolve");
        cases.forEach((url, sentence) -> {
            HttpResponse<String> response = post(
                    "/api/v1/providers",
                    tenant,
                    "{\"name\":\"x\",\"kind\":\"openai_compatible\",\"baseUrl\":\"" + url
                            + "\",\"models\":[{\"id\":\"m\"}]}");
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            JsonNode error = json(response).path("errors").get(0);
            assertThat(error.path("field").asString()).isEqualTo("baseUrl");
            assertThat(error.path("message").asString())
                    .as(url)
                    .startsWith(sentence)
                    .doesNotContain("BAD_REQUEST")
                    .doesNotContain("ProblemDetail");
        });
    }

    @Test
    void aStoredUrlRefusedAtCallTimeIsExplainedInAPlainSentence() {
        UUID tenant = UUID.randomUUID();
        create(tenant, "moved-away", "moved-model");
        // as if the row predated the guard's rules: the URL is checked again when the provider is called
        jdbc.update("update task.llm_providers set base_url = 'http://10.1.2.3/v1' where tenant_id = ?", tenant);

        HttpResponse<String> response = post("/v1/chat/completions", tenant, chat("moved-model", "hi", false));

        assertThat(response.body())
                .contains(
                        "\"message\":\"provider URL refused: Refused to connect to http://10.1.2.3/v1/chat/completions:"
                                + " it points to 10.1.2.3, which is a private address. If it is meant to be reachable,"
                                + " the platform operator adds it (as host:port, or host for every port) to"
                                + " bl1nk.net.allowed-hosts (environment: BL1NK_NET_ALLOWEDHOSTS, comma-separated)\"")
                .doesNotContain("BAD_REQUEST")
                .doesNotContain("ProblemDetail");
    }

    @Test
    void duplicateNamesAreA409() {
        UUID tenant = UUID.randomUUID();
        create(tenant, "twice", "m");

        HttpResponse<String> again = post("/api/v1/providers", tenant, providerBody("twice", "m"));

        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void onlyOwnersAndAdminsManageProviders() {
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> response =
                send("POST", "/api/v1/providers", token(tenant, Identity.DEVELOPER), providerBody("dev-made", "m"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/providers", token(tenant, Identity.VIEWER), null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void idempotencyKeyReplaysTheCreation() {
        UUID tenant = UUID.randomUUID();
        String body = providerBody("idem", "m");

        HttpResponse<String> first = post("/api/v1/providers", tenant, body, "Idempotency-Key", "create-1");
        HttpResponse<String> second = post("/api/v1/providers", tenant, body, "Idempotency-Key", "create-1");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(json(second).path("id").asString())
                .isEqualTo(json(first).path("id").asString());
        assertThat(json(get("/api/v1/providers", tenant)).path("items")).hasSize(1);
    }

    @Test
    void listsPageWithCursors() {
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            create(tenant, "page-" + i, "m" + i);
        }

        JsonNode page1 = json(get("/api/v1/providers?limit=2", tenant));
        assertThat(page1.path("items")).hasSize(2);
        String cursor = page1.path("nextCursor").asString();
        JsonNode page2 = json(get("/api/v1/providers?limit=2&cursor=" + cursor, tenant));
        assertThat(page2.path("items")).hasSize(1);
        assertThat(page2.path("nextCursor").isNull()).isTrue();
        assertThat(get("/api/v1/providers?cursor=garbage", tenant).statusCode()).isEqualTo(400);
    }
}
