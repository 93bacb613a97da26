package com.bl1nk.task.tasks;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.contracts.taskevent.TaskEvent;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import com.bl1nk.task.TaskApplication;
import com.bl1nk.task.events.TaskEventDecoding;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One shared context for every IT of the agents/tasks features: test-support's throwaway database and Redis prefix,
 * plus mock-llm behind the real model layer (router in mock mode, engine, billing reservations) and loopback fakes of
 * rag-service, mcp-service and billing-service, with short queue timings so reclaim and retry happen within a test.
 */
@Bl1nkIntegrationTest(classes = TaskApplication.class)
@TestPropertySource(
        properties = {
            "bl1nk.task.llm.mode=mock",
            // a provider failure ends the task's attempt, so the queue's own retry and dead-lettering are what is
            // tested
            "bl1nk.task.llm.retry.max-retries=0",
            // these tests inject provider failures on purpose: the one shared breaker must not fail unrelated tests
            "bl1nk.task.llm.breaker.sliding-window-size=1000",
            "bl1nk.task.llm.breaker.minimum-number-of-calls=1000",
            // the local Postgres is shared by every module's test runs: a small pool, enough for the workers
            "spring.datasource.hikari.maximum-pool-size=10",
            "spring.datasource.hikari.connection-timeout=20000",
            "bl1nk.task.tasks.max-active-per-tenant=" + TaskItBase.MAX_ACTIVE_TASKS,
            "bl1nk.task.events.max-streams-per-tenant=" + TaskItBase.MAX_STREAMS
        })
public abstract class TaskItBase {

    /** Queued or running tasks a tenant may have at once in the test context. */
    public static final int MAX_ACTIVE_TASKS = 25;

    /** Event streams a tenant may hold open at once in the test context. */
    public static final int MAX_STREAMS = 4;

    public static final MockLlmServer LLM =
            MockLlmServer.start(MockLlmConfig.defaults().port(0));
    public static final FakeDownstream RAG = FakeDownstream.start();
    public static final FakeDownstream MCP = FakeDownstream.start();
    public static final FakeDownstream BILLING = installBilling(FakeDownstream.start());

    /**
     * Billing's internal API as the model layer uses it: mock-gpt's price (0.50 / 1.50 USD per million tokens), and
     * reservations that are granted, settled and released.
     */
    public static FakeDownstream installBilling(FakeDownstream billing) {
        billing.on("GET", "/internal/v1/prices", call -> new FakeDownstream.Reply(200, """
                {"items":[{"provider":"mock-llm","model":"mock-gpt","inputPerMTokUsd":"0.5","outputPerMTokUsd":"1.5",
                  "cachedInputPerMTokUsd":"0","contextWindow":128000,"supportsTools":true}]}
                """));
        billing.on(
                "POST",
                "/internal/v1/reservations",
                call -> new FakeDownstream.Reply(
                        201,
                        "{\"id\":\"" + UUID.randomUUID() + "\",\"expiresAt\":\""
                                + Instant.now().plusSeconds(300) + "\"}"));
        billing.on(
                "POST",
                "/internal/v1/reservations/",
                call -> call.path().endsWith("/release")
                        ? new FakeDownstream.Reply(204, "")
                        : new FakeDownstream.Reply(200, "{}"));
        return billing;
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.threads.virtual.enabled", () -> "true");
        registry.add("bl1nk.task.llm.mock-base-url", LLM::baseUrl);
        registry.add("bl1nk.task.clients.billing.base-url", BILLING::baseUrl);
        registry.add("bl1nk.task.clients.rag.base-url", RAG::baseUrl);
        registry.add("bl1nk.task.clients.mcp.base-url", MCP::baseUrl);
        registry.add("bl1nk.task.queue.concurrency", () -> "16");
        registry.add("bl1nk.task.queue.max-attempts", () -> "3");
        registry.add("bl1nk.task.queue.lease", () -> "3s");
        registry.add("bl1nk.task.queue.claim-idle-time", () -> "4s");
        registry.add("bl1nk.task.queue.block-time", () -> "300ms");
        registry.add("bl1nk.task.queue.retry-base", () -> "200ms");
        registry.add("bl1nk.task.queue.retry-cap", () -> "500ms");
        registry.add("bl1nk.task.queue.sweep-interval", () -> "300ms");
        registry.add("bl1nk.task.queue.sweep-grace", () -> "1s");
        registry.add("bl1nk.task.queue.outbox-age", () -> "1s");
        registry.add("bl1nk.task.events.poll-interval", () -> "30ms");
        registry.add("bl1nk.task.events.heartbeat", () -> "1s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected ObjectMapper json;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected static UUID newTenant() {
        return UUID.randomUUID();
    }

    protected String token(UUID tenant, String... roles) {
        Set<String> r = roles.length == 0 ? Set.of(Identity.DEVELOPER) : Set.of(roles);
        return TestIdentities.codec()
                .mint(new Identity(tenant, "key:" + tenant, r, Set.of(), null), "task", Duration.ofMinutes(5));
    }

    protected HttpResponse<String> send(String method, String path, UUID tenant, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            b.header(IdentityHeaders.IDENTITY, token(tenant));
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

    /** Like {@link #send} with an identity holding only {@code role}. */
    protected HttpResponse<String> sendAs(String method, String path, UUID tenant, String body, String role) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header(IdentityHeaders.IDENTITY, token(tenant, role))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> post(String path, UUID tenant, String body, String... headers) {
        return send("POST", path, tenant, body, headers);
    }

    protected HttpResponse<String> get(String path, UUID tenant) {
        return send("GET", path, tenant, null);
    }

    protected JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    protected String toJson(Object o) {
        return json.writeValueAsString(o);
    }

    /** Creates an agent and returns its id. */
    protected UUID createAgent(UUID tenant, Map<String, Object> body) {
        HttpResponse<String> r = post("/api/v1/agents", tenant, toJson(body));
        if (r.statusCode() != 201) {
            throw new AssertionError("agent create failed: " + r.statusCode() + " " + r.body());
        }
        return UUID.fromString(read(r).path("id").asString());
    }

    /** Creates a task and returns its id. */
    protected UUID createTask(UUID tenant, UUID agentId, String input) {
        HttpResponse<String> r =
                post("/api/v1/tasks", tenant, toJson(Map.of("agentId", agentId.toString(), "input", input)));
        if (r.statusCode() != 201) {
            throw new AssertionError("task create failed: " + r.statusCode() + " " + r.body());
        }
        return UUID.fromString(read(r).path("id").asString());
    }

    protected JsonNode task(UUID tenant, UUID taskId) {
        return read(get("/api/v1/tasks/" + taskId, tenant));
    }

    protected String status(UUID tenant, UUID taskId) {
        return task(tenant, taskId).path("status").asString();
    }

    /** One SSE event as received. */
    public record SseEvent(String id, String event, String data) {

        /** The event as its contract record (strictly decoded). */
        public TaskEvent typed() {
            return TaskEventDecoding.decode(event, data);
        }
    }

    /** The events as their contract records, in stream order. */
    protected static List<TaskEvent> typed(List<SseEvent> events) {
        return events.stream().map(SseEvent::typed).toList();
    }

    /** Reads the task's SSE stream until a terminal event (or the stream closes), from {@code lastEventId}. */
    protected List<SseEvent> readEvents(UUID tenant, UUID taskId, String lastEventId, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/tasks/" + taskId + "/events"))
                .header(IdentityHeaders.IDENTITY, token(tenant))
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        CompletableFuture<List<SseEvent>> f = CompletableFuture.supplyAsync(() -> {
            List<SseEvent> out = new ArrayList<>();
            try {
                HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    throw new AssertionError("SSE status " + r.statusCode());
                }
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                var it = r.body().iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (event != null) {
                            out.add(new SseEvent(id, event, data.toString()));
                            if (Set.of("completed", "failed", "cancelled", "timed_out")
                                    .contains(event)) {
                                break;
                            }
                        }
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("SSE read failed or timed out", e);
        }
    }
}
