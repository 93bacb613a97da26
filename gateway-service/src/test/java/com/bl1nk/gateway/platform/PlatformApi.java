package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.smoke.RunningPlatform;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP and JSON helpers for platform ITs: every call goes through the gateway of the platform {@code ./bl1nk up}
 * started ({@link RunningPlatform}), authenticated with a bl1nk API key.
 */
final class PlatformApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RunningPlatform platform;

    PlatformApi(RunningPlatform platform) {
        this.platform = platform;
    }

    static PlatformApi get() {
        return new PlatformApi(RunningPlatform.get());
    }

    RunningPlatform platform() {
        return platform;
    }

    String adminKey() {
        return platform.adminKey();
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:9080}. */
    String gateway() {
        return platform.gatewayUrl();
    }

    HttpResponse<String> get(String key, String path) {
        return send(request(key, path).GET());
    }

    HttpResponse<String> post(String key, String path, Object body) {
        return send(
                request(key, path).header("Content-Type", "application/json").POST(body(body)));
    }

    HttpResponse<String> put(String key, String path, Object body) {
        return send(
                request(key, path).header("Content-Type", "application/json").PUT(body(body)));
    }

    HttpResponse<String> patch(String key, String path, Object body) {
        return send(
                request(key, path).header("Content-Type", "application/json").method("PATCH", body(body)));
    }

    HttpResponse<String> delete(String key, String path) {
        return send(request(key, path).DELETE());
    }

    /** A request to the gateway with {@code Authorization: Bearer key} (none when {@code key} is null). */
    HttpRequest.Builder request(String key, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(RunningPlatform.uri(RunningPlatform.GATEWAY, path))
                .timeout(TIMEOUT);
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return HttpRequest.BodyPublishers.ofString(text);
    }

    /** The JSON body after asserting the status (the body is shown when it differs). */
    static JsonNode expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode())
                .as(
                        "%s %s -> %s",
                        response.request().method(), response.request().uri(), response.body())
                .isEqualTo(status);
        return response.body() == null || response.body().isBlank()
                ? tools.jackson.databind.node.NullNode.getInstance()
                : JSON.readTree(response.body());
    }

    /** Asserts a problem+json answer with this status. */
    static JsonNode expectProblem(HttpResponse<String> response, int status) {
        JsonNode problem = expect(response, status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("content type of %s", response.request().uri())
                .startsWith("application/problem+json");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    // ---- control plane: tenants and keys

    /** Creates a tenant with the admin key (scope platform:admin) and returns its id. */
    UUID createTenant(String slugPrefix) {
        String slug = slugPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode tenant =
                expect(post(adminKey(), "/api/v1/tenants", Map.of("slug", slug, "name", "Tenant " + slug)), 201);
        return UUID.fromString(tenant.path("id").asString());
    }

    /** Creates a key in {@code tenantId} (the admin key may name any tenant) and returns the full key. */
    String createKey(UUID tenantId, String name, List<String> roles) {
        Map<String, Object> body = tenantId == null
                ? Map.of("name", name, "roles", roles)
                : Map.of("name", name, "roles", roles, "tenantId", tenantId.toString());
        JsonNode created = expect(post(adminKey(), "/api/v1/api-keys", body), 201);
        if (tenantId != null) {
            assertThat(created.path("tenantId").asString()).isEqualTo(tenantId.toString());
        }
        return created.path("key").asString();
    }

    /** A fresh tenant with an owner key; tests that need a clean tenant use this. */
    Tenant newTenant(String slugPrefix) {
        UUID id = createTenant(slugPrefix);
        return new Tenant(id, createKey(id, slugPrefix + "-owner", List.of("owner")));
    }

    /** A tenant and one of its keys. */
    record Tenant(UUID id, String key) {}

    // ---- common resources

    UUID createAgent(String key, Map<String, Object> body) {
        return id(expect(post(key, "/api/v1/agents", body), 201));
    }

    UUID createTask(String key, UUID agentId, String input) {
        JsonNode created =
                expect(post(key, "/api/v1/tasks", Map.of("agentId", agentId.toString(), "input", input)), 201);
        return id(created);
    }

    UUID createKnowledgeBase(String key, String name) {
        return id(
                expect(post(key, "/api/v1/knowledge-bases", Map.of("name", name, "description", "platform e2e")), 201));
    }

    /** Ingests a Markdown document and waits until rag-service says it is ready; returns the document id. */
    UUID ingestMarkdown(String key, UUID kb, String name, String markdown) {
        HttpResponse<String> response = post(
                key,
                "/api/v1/knowledge-bases/" + kb + "/documents/text",
                Map.of("name", name, "text", markdown, "contentType", "text/markdown"));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        UUID doc = id(JSON.readTree(response.body()));
        org.awaitility.Awaitility.await("document " + name + " ready")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode d = expect(get(key, "/api/v1/knowledge-bases/" + kb + "/documents/" + doc), 200);
                    assertThat(d.path("status").asString())
                            .as("document %s: %s", name, d)
                            .isIn("ready", "failed");
                    assertThat(d.path("status").asString()).as("%s", d).isEqualTo("ready");
                });
        return doc;
    }

    /** Polls a task until it reaches a terminal state and returns it (with steps and children). */
    JsonNode awaitTask(String key, UUID taskId, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        org.awaitility.Awaitility.await("task " + taskId + " ends")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    last[0] = expect(get(key, "/api/v1/tasks/" + taskId), 200);
                    return List.of("succeeded", "failed", "cancelled", "timed_out")
                            .contains(last[0].path("status").asString());
                });
        return last[0];
    }

    static UUID id(JsonNode node) {
        return UUID.fromString(node.path("id").asString());
    }
}
