package com.bl1nk.task.llm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An installation without platform provider keys runs in mock mode; a tenant that brings its own provider is served
 * by it there too (tenant provider first, then the platform's mock-llm), and a tenant provider billing will not price
 * falls back to the platform instead of failing with 422.
 */
@Bl1nkIntegrationTest(
        properties = {
            "bl1nk.task.llm.mode=mock",
            "bl1nk.net.allow-loopback=true",
            "bl1nk.task.queue.worker-enabled=false",
            "spring.datasource.hikari.maximum-pool-size=4"
        })
class MockModeTenantProviderIT {

    static final MockLlmServer PLATFORM_MOCK =
            MockLlmServer.start(MockLlmConfig.defaults().port(0));
    static final MockLlmServer TENANT_LLM =
            MockLlmServer.start(MockLlmConfig.defaults().port(0).requireApiKey("sk-tenant-own"));
    static final MockWebServer BILLING = startBilling();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("bl1nk.task.llm.mock-base-url", PLATFORM_MOCK::baseUrl);
        registry.add("bl1nk.task.clients.billing.base-url", () -> "http://127.0.0.1:" + BILLING.getPort());
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void reset() {
        PLATFORM_MOCK.reset();
        TENANT_LLM.reset();
        PLATFORM_MOCK.setRules(Rule.always().replyText("canned answer from mock-llm"));
        TENANT_LLM.setRules(Rule.always().replyText("answer from the tenant's own provider"));
    }

    @Test
    void aTenantProviderIsUsedInMockModeForTheModelsItDeclares() {
        UUID tenant = UUID.randomUUID();
        createProvider(tenant, "priced-vllm", "llama-own");

        HttpResponse<String> own = send("POST", "/v1/chat/completions", tenant, chat("llama-own"));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.headers().firstValue("X-Bl1nk-Provider")).hasValue("priced-vllm");
        assertThat(own.body()).contains("answer from the tenant's own provider");
        assertThat(TENANT_LLM.requests("/v1/chat/completions")).hasSize(1);
        assertThat(TENANT_LLM.requests("/v1/chat/completions").getFirst().header("Authorization"))
                .isEqualTo("Bearer sk-tenant-own");
        assertThat(PLATFORM_MOCK.requests("/v1/chat/completions")).isEmpty();

        HttpResponse<String> other = send("POST", "/v1/chat/completions", tenant, chat("mock-gpt"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(other.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-llm");
        assertThat(PLATFORM_MOCK.requests("/v1/chat/completions")).hasSize(1);
    }

    @Test
    void anotherTenantIsNotServedByThatProvider() {
        UUID owner = UUID.randomUUID();
        createProvider(owner, "priced-vllm", "llama-private");

        HttpResponse<String> foreign = send("POST", "/v1/chat/completions", UUID.randomUUID(), chat("llama-private"));

        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(200);
        assertThat(foreign.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-llm");
        assertThat(TENANT_LLM.requests("/v1/chat/completions")).isEmpty();
    }

    @Test
    void anUnpricedTenantProviderFallsBackToThePlatformInsteadOfA422() {
        UUID tenant = UUID.randomUUID();
        createProvider(tenant, "unpriced-vllm", "mock-gpt");

        HttpResponse<String> response = send("POST", "/v1/chat/completions", tenant, chat("mock-gpt"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("mock-llm");
        assertThat(TENANT_LLM.requests("/v1/chat/completions")).isEmpty();
        assertThat(PLATFORM_MOCK.requests("/v1/chat/completions")).hasSize(1);
    }

    @Test
    void theModelListShowsTheTenantsOwnModelsBesideTheMockOnes() {
        UUID tenant = UUID.randomUUID();
        createProvider(tenant, "priced-vllm", "llama-listed");

        HttpResponse<String> models = send("GET", "/v1/models", tenant, null);

        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("llama-listed").contains("mock-gpt");
    }

    private void createProvider(UUID tenant, String name, String model) {
        String body = """
                {"name":"%s","kind":"openai_compatible","baseUrl":"%s","apiKey":"sk-tenant-own",
                 "models":[{"id":"%s","contextWindow":32000,"supportsTools":true}]}
                """.formatted(name, TENANT_LLM.baseUrl(), model);
        HttpResponse<String> created = send("POST", "/api/v1/providers", tenant, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private HttpResponse<String> send(String method, String path, UUID tenant, String body) {
        String token = TestIdentities.token(
                new Identity(tenant, "key:" + tenant, Set.of(Identity.OWNER), Set.of(), UUID.randomUUID()));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header(IdentityHeaders.IDENTITY, token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** billing's internal API on loopback: everything priced except the tenant provider "unpriced-vllm". */
    private static MockWebServer startBilling() {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                String body = request.getBody() == null ? "" : request.getBody().utf8();
                if (path.equals("/internal/v1/prices")) {
                    return json(200, "{\"items\":[]}");
                }
                if (path.equals("/internal/v1/reservations")) {
                    if (body.contains("\"unpriced-vllm\"")) {
                        return new MockResponse.Builder()
                                .code(422)
                                .addHeader("Content-Type", "application/problem+json")
                                .body("{\"type\":\"https://bl1nk.dev/problems/model_not_priced\",\"status\":422,"
                                        + "\"detail\":\"unpriced-vllm/mock-gpt has no price\","
                                        + "\"code\":\"model_not_priced\"}")
                                .build();
                    }
                    return json(201, "{\"id\":\"" + UUID.randomUUID() + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
                }
                if (path.endsWith("/settle")) {
                    return json(200, "{}");
                }
                if (path.endsWith("/release")) {
                    return new MockResponse.Builder().code(204).build();
                }
                return json(404, "{}");
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }
}
