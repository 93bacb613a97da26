package com.bl1nk.task.llm.it;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shared context for the model layer's ITs: two platform providers (mock-llm instances "mock-a" and "mock-b" on
 * loopback), a third mock-llm for tenant-configured providers, and a fake billing-service; real Postgres and Redis.
 */
@Bl1nkIntegrationTest(
        properties = {
            "bl1nk.task.llm.mode=providers",
            "bl1nk.task.llm.retry.max-retries=1",
            "bl1nk.task.llm.retry.initial-backoff=5ms",
            "bl1nk.task.llm.retry.max-backoff=20ms",
            "bl1nk.task.llm.timeouts.first-byte=5s",
            "bl1nk.task.llm.timeouts.stream-idle=5s",
            "bl1nk.task.llm.breaker.minimum-number-of-calls=1000",
            "bl1nk.task.llm.breaker.sliding-window-size=1000",
            "bl1nk.net.allow-loopback=true",
            "bl1nk.task.queue.worker-enabled=false",
            "spring.datasource.hikari.maximum-pool-size=5"
        })
abstract class LlmItBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final MockLlmServer MOCK_A =
            MockLlmServer.start(MockLlmConfig.defaults().port(0));
    static final MockLlmServer MOCK_B =
            MockLlmServer.start(MockLlmConfig.defaults().port(0));
    static final MockLlmServer TENANT_LLM =
            MockLlmServer.start(MockLlmConfig.defaults().port(0).requireApiKey("sk-tenant-secret"));
    static final FakeBilling BILLING = FakeBilling.start();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("bl1nk.task.llm.providers[0].name", () -> "mock-a");
        registry.add("bl1nk.task.llm.providers[0].kind", () -> "openai_compatible");
        registry.add("bl1nk.task.llm.providers[0].base-url", MOCK_A::baseUrl);
        registry.add("bl1nk.task.llm.providers[0].api-key", () -> "sk-platform-a");
        registry.add("bl1nk.task.llm.providers[0].models[0].id", () -> "mock-gpt");
        registry.add("bl1nk.task.llm.providers[0].models[1].id", () -> FakeBilling.TOO_EXPENSIVE);
        registry.add("bl1nk.task.llm.providers[0].models[2].id", () -> "no-tools-model");
        registry.add("bl1nk.task.llm.providers[0].models[2].supports-tools", () -> "false");
        registry.add("bl1nk.task.llm.providers[0].models[3].id", () -> FakeBilling.UNPRICED);
        registry.add("bl1nk.task.llm.providers[1].name", () -> "mock-b");
        registry.add("bl1nk.task.llm.providers[1].kind", () -> "openai_compatible");
        registry.add("bl1nk.task.llm.providers[1].base-url", MOCK_B::baseUrl);
        registry.add("bl1nk.task.llm.providers[1].models[0].id", () -> "mock-gpt");
        registry.add("bl1nk.task.llm.providers[1].models[1].id", () -> "b-only");
        registry.add("bl1nk.task.clients.billing.base-url", BILLING::baseUrl);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void resetProviders() {
        MOCK_A.reset();
        MOCK_B.reset();
        TENANT_LLM.reset();
    }

    static String token(UUID tenant, String... roles) {
        Set<String> r = roles.length == 0 ? Set.of(Identity.OWNER) : Set.of(roles);
        return TestIdentities.token(new Identity(tenant, "key:" + tenant, r, Set.of(), UUID.randomUUID()));
    }

    HttpResponse<String> send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header(IdentityHeaders.IDENTITY, token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, UUID tenant, String body, String... headers) {
        return send("POST", path, token(tenant), body, headers);
    }

    HttpResponse<String> get(String path, UUID tenant) {
        return send("GET", path, token(tenant), null);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String chat(String model, String text, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    static List<String> sseData(String body) {
        return body.lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6))
                .toList();
    }
}
