package com.bl1nk.gateway.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole platform started once per test JVM by the real {@code ./bl1nk up}, from the jars this build produced, in
 * its own database, Redis key prefix, state directory and port range (offset 1000, so a developer's own {@code up}
 * keeps running). Platform ITs share it; {@link PlatformSmokeIT} runs last and ends it with {@code ./bl1nk down}.
 */
public final class RunningPlatform {

    /**
     * Port offset of the platform under test: 1000 unless {@code BL1NK_IT_PORT_OFFSET} names another (two people running
     * platform ITs on one machine pick different offsets; each offset has its own state directory).
     */
    public static final int OFFSET = Integer.parseInt(System.getenv().getOrDefault("BL1NK_IT_PORT_OFFSET", "1000"));

    public static final int GATEWAY = 8080 + OFFSET;
    public static final int MOCK_LLM = 8090 + OFFSET;
    public static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "task-service", 8081 + OFFSET,
            "rag-service", 8082 + OFFSET,
            "mcp-service", 8083 + OFFSET,
            "billing-service", 8084 + OFFSET);
    public static final List<String> ALL =
            List.of("mock-llm", "billing-service", "rag-service", "mcp-service", "task-service", "gateway-service");

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path STATE = System.getenv("BL1NK_IT_STATE_DIR") != null
            ? Path.of(System.getenv("BL1NK_IT_STATE_DIR")).toAbsolutePath()
            : Path.of("target", OFFSET == 1000 ? "platform-state" : "platform-state-" + OFFSET)
                    .toAbsolutePath();

    /**
     * Developer aid: with {@code BL1NK_IT_ADMIN_KEY} set, platform ITs attach to a platform already started by
     * {@code ./bl1nk up} at {@link #OFFSET} (state in {@code BL1NK_IT_STATE_DIR}) instead of starting and stopping one,
     * so a test can be rerun in seconds. PlatformSmokeIT still ends it.
     */
    private static final String ATTACH_KEY = System.getenv("BL1NK_IT_ADMIN_KEY");

    private static final String SUFFIX =
            UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String DATABASE = "bl1nk_platform_" + SUFFIX;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningPlatform instance;
    private static RuntimeException startFailure;

    private final String adminKey;
    private final String upOutput;
    private boolean stopped;

    private RunningPlatform(String adminKey, String upOutput) {
        this.adminKey = adminKey;
        this.upOutput = upOutput;
    }

    /** Starts the platform on first use (about a minute on two cores) and returns it. */
    public static synchronized RunningPlatform get() {
        if (startFailure != null) {
            throw startFailure; // one failed start per JVM is enough: later classes fail fast with the same cause
        }
        if (instance == null) {
            // registered before starting, so a failed start still drops its database at exit
            Runtime.getRuntime().addShutdownHook(new Thread(RunningPlatform::shutdown));
            try {
                if (ATTACH_KEY == null || ATTACH_KEY.isBlank()) {
                    instance = start();
                } else {
                    instance = new RunningPlatform(ATTACH_KEY.strip(), "attached to the running platform");
                    instance.stopped = true; // not ours to stop at exit
                }
            } catch (RuntimeException | AssertionError e) {
                startFailure = new IllegalStateException("./bl1nk up failed earlier in this JVM", e);
                throw e;
            }
        }
        return instance;
    }

    private static RunningPlatform start() {
        try {
            deleteRecursively(STATE);
            long started = System.nanoTime();
            Result result = bl1nk("up");
            System.out.println(result.output());
            System.out.printf("./bl1nk up took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
            if (result.exitCode() != 0) {
                // stop what this failed start did start, so it does not hold the ports for the next run
                System.out.println(bl1nk("down").output());
            }
            assertThat(result.exitCode()).as(result.output()).isZero();
            Matcher key = Pattern.compile("Admin key:\\s+(bl1nk_\\S+)").matcher(result.output());
            assertThat(key.find())
                    .as("up prints the bootstrap admin key: " + result.output())
                    .isTrue();
            printResidentMemory();
            return new RunningPlatform(key.group(1), result.output());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bootstrap admin key ({@code owner} of the default tenant, with {@code platform:admin}). */
    public String adminKey() {
        return adminKey;
    }

    public String upOutput() {
        return upOutput;
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:9080}. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + GATEWAY;
    }

    /** The state directory {@code ./bl1nk} uses for this platform (pids, logs, secrets). */
    public Path state() {
        return STATE;
    }

    /** Runs a {@code ./bl1nk} command against this platform's settings. */
    public static Result bl1nk(String command) throws IOException, InterruptedException {
        return bl1nk(command, Map.of());
    }

    /** Runs a {@code ./bl1nk} command against this platform's settings plus {@code extra} environment variables. */
    public static Result bl1nk(String command, Map<String, String> extra) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bl1nk").toString(), command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("OPENROUTER")
                        || name.startsWith("OPENAI")
                        || name.startsWith("BL1NK_LLM")
                        || name.startsWith("SPRING_"));
        env.putAll(environment());
        env.putAll(extra);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output);
    }

    /** Exit code and combined output of a command. */
    public record Result(int exitCode, String output) {}

    synchronized void markStopped() {
        stopped = true;
    }

    private static synchronized void shutdown() {
        try {
            if (instance != null && !instance.stopped) {
                System.out.println(bl1nk("down").output());
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the platform: " + e);
        } finally {
            try (Connection c = DriverManager.getConnection(adminJdbcUrl("postgres"), pgUser(), pgPassword());
                    Statement s = c.createStatement()) {
                s.execute("drop database if exists " + DATABASE + " with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop " + DATABASE + ": " + e.getMessage());
            }
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("BL1NK_STATE_DIR", STATE.toString());
        env.put("BL1NK_PORT_OFFSET", String.valueOf(OFFSET));
        env.put("BL1NK_SKIP_BUILD", "1");
        // seconds ./bl1nk up waits for health; a machine shared by parallel builds may need more
        env.put("BL1NK_UP_TIMEOUT", System.getenv().getOrDefault("BL1NK_IT_UP_TIMEOUT", "300"));
        env.put("BL1NK_REDIS_KEY_PREFIX", "bl1nk-platform-" + SUFFIX + ":");
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
        // the operator allowlist of a test platform: MCP servers under test listen on loopback (production: off)
        env.put("BL1NK_NET_ALLOWLOOPBACK", "true");
        env.put("BL1NK_REDIS_URL", System.getenv().getOrDefault("BL1NK_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
        // opt-in: a smaller connection pool per service, for a Postgres shared by several people's test runs
        String pool = System.getenv("BL1NK_IT_DB_POOL");
        if (pool != null && !pool.isBlank()) {
            env.put("BL1NK_DB_POOL", pool.strip());
        }
        return env;
    }

    /** One number from this platform's database (as the Postgres admin), e.g. a count of rows. */
    public long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl(DATABASE), pgUser(), pgPassword());
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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

    // ---- HTTP helpers for platform tests

    public HttpResponse<String> get(int port, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
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
