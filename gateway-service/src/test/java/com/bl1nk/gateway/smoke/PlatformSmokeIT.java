package com.bl1nk.gateway.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the real {@code ./bl1nk up} / {@code status} / {@code down} against the jars this build produced, in its own
 * database, Redis key prefix, state directory and port range, and checks the platform end to end through the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformSmokeIT {

    private static final int OFFSET = 1000;
    private static final int GATEWAY = 8080 + OFFSET;
    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "task-service", 8081 + OFFSET,
            "rag-service", 8082 + OFFSET,
            "mcp-service", 8083 + OFFSET,
            "billing-service", 8084 + OFFSET);
    private static final List<String> ALL =
            List.of("mock-llm", "billing-service", "rag-service", "mcp-service", "task-service", "gateway-service");

    /** One authenticated read per service, through the gateway. */
    private static final Map<String, String> ONE_CALL_PER_SERVICE = Map.of(
            "gateway-service", "/api/v1/api-keys",
            "task-service", "/v1/models",
            "rag-service", "/api/v1/knowledge-bases",
            "mcp-service", "/api/v1/mcp/servers",
            "billing-service", "/api/v1/budgets");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String SUFFIX =
            UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String DATABASE = "bl1nk_smoke_" + SUFFIX;
    private static final Path STATE = Path.of("target", "smoke-state").toAbsolutePath();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String adminKey;
    private static String upOutput;

    @BeforeAll
    static void up() throws Exception {
        deleteRecursively(STATE);
        Result result = bl1nk("up");
        upOutput = result.output();
        System.out.println(upOutput);
        assertThat(result.exitCode()).as(upOutput).isZero();
        Matcher key = Pattern.compile("Admin key:\\s+(bl1nk_\\S+)").matcher(upOutput);
        assertThat(key.find())
                .as("up prints the bootstrap admin key: " + upOutput)
                .isTrue();
        adminKey = key.group(1);
        printResidentMemory();
    }

    @AfterAll
    static void down() throws Exception {
        try {
            Result result = bl1nk("down");
            System.out.println(result.output());
        } finally {
            try (Connection c = DriverManager.getConnection(adminJdbcUrl("postgres"), pgUser(), pgPassword());
                    Statement s = c.createStatement()) {
                s.execute("drop database if exists " + DATABASE + " with (force)");
            }
        }
    }

    @Test
    @Order(1)
    void saysItRunsAgainstMockLlmWithoutProviderKeys() {
        assertThat(upOutput).contains("mock-llm").contains("offline");
        assertThat(upOutput).contains("http://localhost:" + GATEWAY);
        assertThat(STATE.resolve("bootstrap-admin-key")).doesNotExist();
    }

    @Test
    @Order(2)
    void oneAuthenticatedRequestPerServiceSucceedsThroughTheGateway() throws Exception {
        for (Map.Entry<String, String> call : ONE_CALL_PER_SERVICE.entrySet()) {
            HttpResponse<String> response =
                    get(GATEWAY, call.getValue(), Map.of("Authorization", "Bearer " + adminKey));
            assertThat(response.statusCode())
                    .as("%s %s -> %s", call.getKey(), call.getValue(), response.body())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void missingAndUnknownKeysGet401ProblemJson() throws Exception {
        HttpResponse<String> none = get(GATEWAY, "/api/v1/knowledge-bases", Map.of());
        assertProblem(none, 401);
        HttpResponse<String> unknown = get(
                GATEWAY,
                "/api/v1/knowledge-bases",
                Map.of("Authorization", "Bearer bl1nk_nosuchkey_" + "x".repeat(32)));
        assertProblem(unknown, 401);
    }

    @Test
    @Order(4)
    void aRevokedKeyGets401() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri(GATEWAY, "/api/v1/api-keys"))
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"smoke\",\"roles\":[\"developer\"]}"))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = field(created.body(), "key");
        String id = field(created.body(), "id");
        assertThat(get(GATEWAY, "/api/v1/knowledge-bases", Map.of("Authorization", "Bearer " + key))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> revoked = send(HttpRequest.newBuilder(uri(GATEWAY, "/api/v1/api-keys/" + id))
                .header("Authorization", "Bearer " + adminKey)
                .DELETE()
                .build());
        assertThat(revoked.statusCode()).as(revoked.body()).isIn(200, 204);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertProblem(
                        get(GATEWAY, "/api/v1/knowledge-bases", Map.of("Authorization", "Bearer " + key)), 401));
    }

    @Test
    @Order(5)
    void servicesRefuseRequestsThatBypassTheGateway() throws Exception {
        for (Map.Entry<String, Integer> service : SERVICE_PORTS.entrySet()) {
            String path =
                    service.getKey().equals("task-service") ? "/v1/models" : ONE_CALL_PER_SERVICE.get(service.getKey());
            HttpResponse<String> direct = get(service.getValue(), path, Map.of());
            assertThat(direct.statusCode()).as(service.getKey()).isEqualTo(401);
            assertProblem(direct, 401);
            HttpResponse<String> forged =
                    get(service.getValue(), path, Map.of("X-Bl1nk-Identity", "eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0."));
            assertThat(forged.statusCode())
                    .as(service.getKey() + " with an unsigned token")
                    .isEqualTo(401);
        }
    }

    @Test
    @Order(6)
    void aForgedIdentityHeaderSentThroughTheGatewayIsIgnored() throws Exception {
        // No API key but a forged identity header: the gateway must not let it through.
        HttpResponse<String> forged = get(
                GATEWAY, "/api/v1/knowledge-bases", Map.of("X-Bl1nk-Identity", "eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0."));
        assertProblem(forged, 401);
    }

    @Test
    @Order(7)
    void secondUpIsSafeAndReportsWhatRuns() throws Exception {
        Result again = bl1nk("up");
        assertThat(again.exitCode()).as(again.output()).isZero();
        for (String service : ALL) {
            assertThat(again.output()).contains(service + " already running");
        }
        Result status = bl1nk("status");
        assertThat(status.output()).contains("gateway-service").doesNotContain("stopped");
    }

    @Test
    @Order(8)
    void downStopsExactlyWhatUpStarted() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (String service : ALL) {
            pids.add(Long.parseLong(Files.readString(STATE.resolve("pids").resolve(service + ".pid"))
                    .trim()));
        }
        Result down = bl1nk("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d still alive", pid)
                    .isFalse();
        }
        assertThat(portOpen(GATEWAY)).isFalse();
        assertThat(bl1nk("status").output()).doesNotContain("healthy");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status);
    }

    private static HttpResponse<String> get(int port, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("field %s in %s", name, json).isTrue();
        return m.group(1);
    }

    private static boolean portOpen(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result bl1nk(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bl1nk").toString(), command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("OPENROUTER")
                        || name.startsWith("OPENAI")
                        || name.startsWith("BL1NK_LLM")
                        || name.startsWith("SPRING_"));
        env.putAll(smokeEnvironment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output);
    }

    private static Map<String, String> smokeEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("BL1NK_STATE_DIR", STATE.toString());
        env.put("BL1NK_PORT_OFFSET", String.valueOf(OFFSET));
        env.put("BL1NK_SKIP_BUILD", "1");
        env.put("BL1NK_UP_TIMEOUT", "300");
        env.put("BL1NK_REDIS_KEY_PREFIX", "bl1nk-smoke-" + SUFFIX + ":");
        URI pg = URI.create(adminJdbcUrl("postgres").substring("jdbc:".length()));
        env.put(
                "BL1NK_PG_URL",
                "postgres://%s%s@%s:%d/%s"
                        .formatted(
                                pgUser(),
                                pgPassword().isEmpty() ? "" : ":" + pgPassword(),
                                pg.getHost(),
                                pg.getPort(),
                                DATABASE));
        env.put(
                "BL1NK_REDIS_URL",
                "redis://%s:%s"
                        .formatted(
                                System.getenv().getOrDefault("BL1NK_TEST_REDIS_HOST", "127.0.0.1"),
                                System.getenv().getOrDefault("BL1NK_TEST_REDIS_PORT", "6379")));
        return env;
    }

    private static String adminJdbcUrl(String database) {
        String url = System.getenv().getOrDefault("BL1NK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        return url.replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
    }

    private static String pgUser() {
        return System.getenv().getOrDefault("BL1NK_TEST_PG_USER", "postgres");
    }

    private static String pgPassword() {
        return System.getenv().getOrDefault("BL1NK_TEST_PG_PASSWORD", "");
    }

    private static void printResidentMemory() throws IOException {
        for (String service : ALL) {
            Path pidFile = STATE.resolve("pids").resolve(service + ".pid");
            String pid = Files.readString(pidFile).trim();
            Path status = Path.of("/proc", pid, "status");
            if (Files.exists(status)) {
                Files.readAllLines(status).stream()
                        .filter(line -> line.startsWith("VmRSS"))
                        .forEach(line -> System.out.printf("RSS after start %-16s %s%n", service, line));
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    static {
        try {
            DriverManager.registerDriver(new org.postgresql.Driver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
