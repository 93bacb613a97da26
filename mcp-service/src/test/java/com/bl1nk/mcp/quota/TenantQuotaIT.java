package com.bl1nk.mcp.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Per-tenant quotas with small limits (one extra application context): at most 3 registered servers and 1 running
 * stdio process per tenant.
 */
class TenantQuotaIT extends McpServiceIT {

    private static final int MAX_SERVERS = 3;
    private static final int MAX_STDIO_PROCESSES = 1;

    /** Tagged command lines (the allowlist matches whole lines) so each tenant's processes can be counted. */
    private static final String TAG_T = "--tag=quota-t-" + UUID.randomUUID();

    private static final String TAG_U = "--tag=quota-u-" + UUID.randomUUID();

    private static Process httpServer;
    private static int httpPort;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void quotaProperties(DynamicPropertyRegistry registry) {
        registry.add("bl1nk.mcp.quotas.max-servers-per-tenant", () -> MAX_SERVERS);
        registry.add("bl1nk.mcp.quotas.max-stdio-processes-per-tenant", () -> MAX_STDIO_PROCESSES);
        registry.add(
                "bl1nk.mcp.connect.stdio.allowed-commands[" + NEXT_ALLOWED_COMMAND + "]",
                () -> "node " + NodeInterop.mutableServer() + " " + TAG_T);
        registry.add(
                "bl1nk.mcp.connect.stdio.allowed-commands[" + (NEXT_ALLOWED_COMMAND + 1) + "]",
                () -> "node " + NodeInterop.mutableServer() + " " + TAG_U);
    }

    @BeforeAll
    static void startHttpServer() {
        httpPort = NodeInterop.freePort();
        httpServer = NodeInterop.startEverything("streamableHttp", httpPort);
    }

    @AfterAll
    static void stopHttpServer() {
        if (httpServer != null) {
            httpServer.destroy();
        }
    }

    // --- registered servers ------------------------------------------------------------------------------------

    @Test
    void oneServerMoreThanTheQuotaIsRefusedAndNothingIsWritten() {
        UUID tenant = UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_SERVERS; i++) {
            var created = registerHttp(tenant, uniqueName("quota"));
            assertThat(created.getStatus().value())
                    .as(created.getResponseBody())
                    .isEqualTo(201);
            ids.add(json(created).get("id").asString());
        }

        JsonNode problem = ProblemAssertions.assertProblem(
                registerHttp(tenant, uniqueName("one-too-many")), 409, "quota_exceeded");
        assertThat(problem.get("limit").asInt()).isEqualTo(MAX_SERVERS);
        assertThat(problem.get("quota").asString()).isEqualTo(QuotaExceededException.SERVERS);
        assertThat(serverCount(tenant)).isEqualTo(MAX_SERVERS);
        assertThat(serversWithTools(tenant)).isEqualTo(MAX_SERVERS);

        // another tenant is not affected
        UUID other = UUID.randomUUID();
        assertThat(registerHttp(other, uniqueName("other")).getStatus().value()).isEqualTo(201);

        // deleting one frees a slot
        delete(tenant, ids.getFirst());
        assertThat(registerHttp(tenant, uniqueName("after-delete")).getStatus().value())
                .isEqualTo(201);
        assertThat(serverCount(tenant)).isEqualTo(MAX_SERVERS);
    }

    @Test
    void concurrentRegistrationsCannotBothTakeTheLastSlot() throws Exception {
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < MAX_SERVERS - 1; i++) {
            assertThat(registerHttp(tenant, uniqueName("race")).getStatus().value())
                    .isEqualTo(201);
        }
        int racers = 3;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EntityExchangeResult<String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                String name = uniqueName("racer");
                results.add(pool.submit(() -> {
                    start.await();
                    return registerHttp(tenant, name);
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<EntityExchangeResult<String>> result : results) {
            EntityExchangeResult<String> r = result.get();
            statuses.add(r.getStatus().value());
            if (r.getStatus().value() != 201) {
                assertThat(ProblemAssertions.assertProblem(r, 409, "quota_exceeded")
                                .get("limit")
                                .asInt())
                        .isEqualTo(MAX_SERVERS);
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409);
        assertThat(serverCount(tenant)).isEqualTo(MAX_SERVERS);
        assertThat(serversWithTools(tenant)).isEqualTo(MAX_SERVERS);
    }

    // --- stdio processes ---------------------------------------------------------------------------------------

    @Test
    void aTenantRunsAtMostItsQuotaOfStdioProcessesAndAnExitedProcessFreesItsSlot() {
        UUID tenant = UUID.randomUUID();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> mostAtOnce.accumulateAndGet(processesTagged(TAG_T).size(), Math::max),
                0,
                10,
                TimeUnit.MILLISECONDS);
        try {
            // registration discovers in a session of its own, closed (process gone) before the next one starts
            JsonNode a = registerStdio(tenant, uniqueName("quota-a"), "node", tagged(TAG_T));
            JsonNode b = registerStdio(tenant, uniqueName("quota-b"), "node", tagged(TAG_T));

            JsonNode greeting = ok(call(tenant, toolId(a, "greet"), Map.of("arguments", Map.of("name", "a"))));
            assertThat(greeting.get("outcome").asString()).isEqualTo("success");
            assertThat(processesTagged(TAG_T)).as("a's pooled session runs").hasSize(1);

            // b's session would need a second process: refused, and none is started
            JsonNode refused = ProblemAssertions.assertProblem(
                    call(tenant, toolId(b, "greet"), Map.of("arguments", Map.of("name", "b"))), 429, "quota_exceeded");
            assertThat(refused.get("limit").asInt()).isEqualTo(MAX_STDIO_PROCESSES);
            assertThat(refused.get("quota").asString()).isEqualTo(QuotaExceededException.STDIO_PROCESSES);
            assertThat(processesTagged(TAG_T)).hasSize(1);
            assertThat(jdbc.sql("select outcome || ' ' || error_code from mcp.tool_calls where tool_id = :tool")
                            .param("tool", UUID.fromString(toolId(b, "greet")))
                            .query(String.class)
                            .list())
                    .containsExactly("rejected quota_exceeded");

            // so is a registration (its discovery needs a process), and nothing is written
            var registration = post(
                    tenant,
                    "/api/v1/mcp/servers",
                    Map.of(
                            "name",
                            uniqueName("quota-c"),
                            "transport",
                            "stdio",
                            "command",
                            "node",
                            "args",
                            tagged(TAG_T)));
            ProblemAssertions.assertProblem(registration, 429, "quota_exceeded");
            assertThat(serverCount(tenant)).isEqualTo(2);

            // another tenant is not affected
            UUID other = UUID.randomUUID();
            JsonNode u = registerStdio(other, uniqueName("quota-u"), "node", tagged(TAG_U));
            assertThat(ok(call(other, toolId(u, "greet"), Map.of("arguments", Map.of("name", "u"))))
                            .get("outcome")
                            .asString())
                    .isEqualTo("success");

            // disabling a closes its session (and process): b may start now
            setEnabled(tenant, a.get("id").asString(), false);
            assertThat(ok(call(tenant, toolId(b, "greet"), Map.of("arguments", Map.of("name", "b"))))
                            .get("outcome")
                            .asString())
                    .isEqualTo("success");
            assertThat(processesTagged(TAG_T)).hasSize(1);

            // a process that exits on its own (here: killed from outside) frees its slot
            processesTagged(TAG_T).forEach(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> processesTagged(TAG_T).isEmpty());
            registerStdio(tenant, uniqueName("quota-c"), "node", tagged(TAG_T));
            assertThat(serverCount(tenant)).isEqualTo(3);
        } finally {
            sampler.shutdownNow();
        }
        assertThat(mostAtOnce.get())
                .as("stdio processes of the tenant running at once")
                .isEqualTo(MAX_STDIO_PROCESSES);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private EntityExchangeResult<String> registerHttp(UUID tenant, String name) {
        return post(
                tenant,
                "/api/v1/mcp/servers",
                Map.of(
                        "name",
                        name,
                        "transport",
                        "streamable_http",
                        "url",
                        "http://" + ALLOWED_HOST + ":" + httpPort + "/mcp"));
    }

    private void delete(UUID tenant, String id) {
        client.delete()
                .uri("/api/v1/mcp/servers/" + id)
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private void setEnabled(UUID tenant, String id, boolean enabled) {
        client.patch()
                .uri("/api/v1/mcp/servers/" + id)
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("enabled", enabled))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private int serverCount(UUID tenant) {
        return jdbc.sql("select count(*) from mcp.servers where tenant_id = :tenant")
                .param("tenant", tenant)
                .query(Integer.class)
                .single();
    }

    private int serversWithTools(UUID tenant) {
        return jdbc.sql("select count(distinct server_id) from mcp.tools where tenant_id = :tenant")
                .param("tenant", tenant)
                .query(Integer.class)
                .single();
    }

    private static List<String> tagged(String tag) {
        return List.of(NodeInterop.mutableServer().toString(), tag);
    }
}
