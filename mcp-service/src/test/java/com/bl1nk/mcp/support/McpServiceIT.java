package com.bl1nk.mcp.support;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.task.TaskResponse;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One shared application context for every mcp-service integration test: real Postgres and Redis, the reference MCP
 * server and our small test server allowed as stdio commands, 127.0.0.5 allowlisted (loopback otherwise refused),
 * and rag-service / task-service faked by MockWebServer.
 */
@Bl1nkIntegrationTest(
        properties = {
            "bl1nk.net.allowed-hosts[0]=127.0.0.5",
            "bl1nk.net.allow-loopback=false",
            "bl1nk.mcp.execution.output-cap-bytes=4096",
            "bl1nk.mcp.execution.default-timeout=20s",
            "bl1nk.mcp.registry.refresh-interval=0s",
            "bl1nk.mcp.connect.request-timeout=30s",
            // the suite registers and calls many servers as TENANT_A; QuotaIT checks the quotas with small limits
            "bl1nk.mcp.quotas.max-servers-per-tenant=100000",
            "bl1nk.mcp.quotas.max-stdio-processes-per-tenant=1000"
        })
public abstract class McpServiceIT {

    /** Allowlisted loopback address the tests' "internal but permitted" servers listen on. */
    public static final String ALLOWED_HOST = "127.0.0.5";

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** Requests rag-service and task-service received. */
    protected static final ConcurrentLinkedQueue<RecordedRequest> DOWNSTREAM_REQUESTS = new ConcurrentLinkedQueue<>();

    protected static final MockWebServer DOWNSTREAM = startDownstream();

    @Autowired
    protected RestTestClient client;

    @LocalServerPort
    protected int port;

    /** The one tagged command line the stubborn-server test may run (the allowlist matches whole lines). */
    protected static final String STUBBORN_TAG = "--tag=" + java.util.UUID.randomUUID();

    /** How many description files the mutable test server may be started with (each line allowlisted). */
    protected static final int DESCRIPTION_FILES = 16;

    /** The first {@code allowed-commands} index a subclass with its own context may add command lines at. */
    protected static final int NEXT_ALLOWED_COMMAND = 3 + DESCRIPTION_FILES;

    /**
     * The {@code i}-th file the mutable test server may read its greet description from: {@code node <mutable>
     * <file>} is allowlisted for each (the allowlist matches whole command lines, so the files are fixed).
     */
    protected static Path descriptionFile(int i) {
        if (i < 0 || i >= DESCRIPTION_FILES) {
            throw new IllegalArgumentException("only " + DESCRIPTION_FILES + " description files are allowlisted");
        }
        return NodeInterop.ensureInstalled().resolve("descriptions").resolve("greet-" + i + ".txt");
    }

    @DynamicPropertySource
    static void interopProperties(DynamicPropertyRegistry registry) {
        NodeInterop.ensureInstalled();
        registry.add(
                "bl1nk.mcp.connect.stdio.allowed-commands[0]",
                () -> "node " + NodeInterop.everythingEntry() + " stdio");
        registry.add("bl1nk.mcp.connect.stdio.allowed-commands[1]", () -> "node " + NodeInterop.mutableServer());
        registry.add(
                "bl1nk.mcp.connect.stdio.allowed-commands[2]",
                () -> "node " + NodeInterop.mutableServer() + " --ignore-sigterm " + STUBBORN_TAG);
        for (int i = 0; i < DESCRIPTION_FILES; i++) {
            Path file = descriptionFile(i);
            registry.add(
                    "bl1nk.mcp.connect.stdio.allowed-commands[" + (3 + i) + "]",
                    () -> "node " + NodeInterop.mutableServer() + " " + file);
        }
        registry.add("bl1nk.mcp.clients.rag.base-url", () -> "http://127.0.0.1:" + DOWNSTREAM.getPort());
        registry.add("bl1nk.mcp.clients.task.base-url", () -> "http://127.0.0.1:" + DOWNSTREAM.getPort());
    }

    private static MockWebServer startDownstream() {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                DOWNSTREAM_REQUESTS.add(request);
                String target = request.getTarget();
                if (target.matches("/api/v1/knowledge-bases/[0-9a-f-]{36}/query")) {
                    return json(
                            200,
                            "{\"mode\":\"hybrid\",\"results\":[{\"chunkId\":\"" + UUID.randomUUID()
                                    + "\",\"score\":0.91,\"knowledgeBaseId\":\"" + target.split("/")[4]
                                    + "\",\"document\":{\"id\":\"" + UUID.randomUUID()
                                    + "\",\"name\":\"refunds.md\"},\"snippet\":\"Refunds within 30 days\","
                                    + "\"content\":\"Refunds are granted within 30 days of purchase.\"}]}");
                }
                if (target.equals("/api/v1/tasks") && request.getMethod().equals("POST")) {
                    // task-service's answer is the contract's example, so the client reads what task-service writes
                    return json(202, exampleTask(UUID.randomUUID().toString(), "queued", null));
                }
                if (target.startsWith("/api/v1/tasks/")) {
                    return json(
                            200,
                            exampleTask(target.substring("/api/v1/tasks/".length()), "succeeded", "The answer is 42."));
                }
                return json(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such thing\"}");
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    /** The committed {@code TaskResponse} example with this id, status and output (none when null). */
    private static String exampleTask(String id, String status, String output) {
        ObjectNode task = (ObjectNode) JsonMapper.shared().readTree(ContractExamples.json(TaskResponse.class));
        task.put("id", id);
        task.put("status", status);
        if (output == null) {
            task.remove("output");
        } else {
            task.put("output", output);
        }
        return task.toString();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /**
     * POSTs JSON as an owner of {@code tenant} (to an {@code /internal/**} path as task-service acting for one);
     * returns status and body.
     */
    protected EntityExchangeResult<String> post(UUID tenant, String path, Object body) {
        String token = path.startsWith("/internal/")
                ? TestIdentities.internalToken(TestIdentities.owner(tenant))
                : TestIdentities.token(tenant);
        return client.post()
                .uri(path)
                .header(IdentityHeaders.IDENTITY, token)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }

    protected EntityExchangeResult<String> get(UUID tenant, String path) {
        return client.get()
                .uri(path)
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(tenant))
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }

    protected static JsonNode json(EntityExchangeResult<String> result) {
        return JSON.readTree(result.getResponseBody());
    }

    /** The body of a 200 answer; fails with the problem body otherwise. */
    protected static JsonNode ok(EntityExchangeResult<String> result) {
        if (result.getStatus().value() != 200) {
            throw new AssertionError("expected 200 but got " + result.getStatus() + ": " + result.getResponseBody());
        }
        return json(result);
    }

    /** Registers a stdio server and returns the response (201 expected). */
    protected JsonNode registerStdio(UUID tenant, String name, String command, List<String> args) {
        EntityExchangeResult<String> result = post(
                tenant,
                "/api/v1/mcp/servers",
                Map.of("name", name, "transport", "stdio", "command", command, "args", args));
        if (result.getStatus().value() != 201) {
            throw new AssertionError("registration failed: " + result.getStatus() + " " + result.getResponseBody());
        }
        return json(result);
    }

    /** The id of the tool with this server-side name in a registration response. */
    protected static String toolId(JsonNode server, String name) {
        for (JsonNode tool : server.get("tools")) {
            if (tool.get("name").asString().equals(name)) {
                return tool.get("id").asString();
            }
        }
        throw new AssertionError("no tool " + name + " in " + server);
    }

    /** Calls a tool as an owner of {@code tenant}. */
    protected EntityExchangeResult<String> call(UUID tenant, String toolId, Map<String, Object> body) {
        return post(tenant, "/api/v1/mcp/tools/" + toolId + "/call", body);
    }

    /** A unique server name per test. */
    protected static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Live processes started below this JVM whose command line carries {@code tag}. */
    protected static List<ProcessHandle> processesTagged(String tag) {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .arguments()
                        .map(arguments -> java.util.Arrays.asList(arguments).contains(tag))
                        .orElse(false))
                .toList();
    }
}
