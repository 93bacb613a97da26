import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reservation throughput and latency of a running billing-service (JDK only: java ReservationBench.java).
 *
 * <p>Each operation is one model call's budget round trip: POST /internal/v1/reservations then .../settle. Scenarios:
 * sequential (latency floor), concurrent workers on one tenant's budget (every hold hits the same counter row, the
 * worst case for row locking), and concurrent workers spread over many tenants (no shared row).
 *
 * <p>Env: BENCH_URL (default http://127.0.0.1:18084), BL1NK_IDENTITY_SECRET, BENCH_SECONDS (default 10),
 * BENCH_CONCURRENCY (default "16,64"). "server ms" is the mean reserve time measured inside the service.
 */
public class ReservationBench {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    static String base;
    static String secret;

    public static void main(String[] args) throws Exception {
        base = System.getenv().getOrDefault("BENCH_URL", "http://127.0.0.1:18084");
        secret = System.getenv("BL1NK_IDENTITY_SECRET");
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
        List<Integer> concurrencies = new ArrayList<>();
        for (String c : System.getenv().getOrDefault("BENCH_CONCURRENCY", "16,64").split(",")) {
            concurrencies.add(Integer.parseInt(c.strip()));
        }
        System.out.printf(Locale.ROOT, "billing reservation benchmark against %s, %d s per scenario%n", base, seconds);
        System.out.println("op = reserve + settle; latency columns are for the reserve call alone");
        try {
            String load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
            System.out.printf(
                    Locale.ROOT,
                    "machine: %d cores, load average %s (numbers scale with what else runs here)%n",
                    Runtime.getRuntime().availableProcessors(),
                    load);
        } catch (java.io.IOException ignored) {
            // not Linux: skip the load line
        }
        System.out.printf(
                Locale.ROOT,
                "%-34s %8s %10s %9s %9s %9s %7s %12s%n",
                "scenario",
                "workers",
                "ops/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "errors",
                "server ms");

        Tenant warm = Tenant.create();
        run("warm-up (discarded)", 8, Math.max(3, seconds / 2), i -> warm, false);
        Tenant single = Tenant.create();
        run("sequential, one budget", 1, seconds, i -> single, true);
        for (int c : concurrencies) {
            Tenant hot = Tenant.create();
            run("concurrent, one budget (hot row)", c, seconds, i -> hot, true);
        }
        for (int c : concurrencies) {
            List<Tenant> tenants = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                tenants.add(Tenant.create());
            }
            run("concurrent, a budget per worker", c, seconds, tenants::get, true);
        }
    }

    interface TenantPicker {
        Tenant pick(int worker);
    }

    static void run(String name, int workers, int seconds, TenantPicker picker, boolean print) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(workers);
        long started = System.nanoTime();
        double[] serverBefore = serverReserveTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                Tenant tenant = picker.pick(w);
                pool.submit(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            long t0 = System.nanoTime();
                            HttpResponse<String> reserved = post(
                                    tenant.serviceToken,
                                    "/internal/v1/reservations",
                                    "{\"provider\":\"mock-llm\",\"model\":\"mock-gpt\",\"maxCostUsd\":\"0.001\"}");
                            long t1 = System.nanoTime();
                            if (reserved.statusCode() != 201) {
                                errors.incrementAndGet();
                                continue;
                            }
                            latencies.add(t1 - t0);
                            Matcher m = ID.matcher(reserved.body());
                            m.find();
                            HttpResponse<String> settled = post(
                                    tenant.serviceToken,
                                    "/internal/v1/reservations/" + m.group(1) + "/settle",
                                    "{\"actualCostUsd\":\"0.0005\"}");
                            if (settled.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                            ops.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double[] serverAfter = serverReserveTime();
        double serverMean = serverAfter[0] > serverBefore[0]
                ? (serverAfter[1] - serverBefore[1]) / (serverAfter[0] - serverBefore[0]) * 1000
                : 0;
        if (!print) {
            return;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-34s %8d %10.1f %9.2f %9.2f %9.2f %7d %12.2f%n",
                name,
                workers,
                ops.get() / elapsed,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.isEmpty() ? 0.0 : sorted.get(sorted.size() - 1) / 1e6,
                errors.get(),
                serverMean);
    }

    /**
     * Count and total seconds of successful reserve calls as the service measured them (Micrometer's
     * http.server.requests), so queueing in this client on a busy machine can be told apart from service time.
     */
    static double[] serverReserveTime() {
        try {
            HttpResponse<String> metrics = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            double count = 0;
            double sum = 0;
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("http_server_requests_seconds_")
                        && line.contains("method=\"POST\"")
                        && line.contains("status=\"201\"")
                        && line.contains("uri=\"/internal/v1/reservations\"")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.startsWith("http_server_requests_seconds_count")) {
                        count += value;
                    } else if (line.startsWith("http_server_requests_seconds_sum")) {
                        sum += value;
                    }
                }
            }
            return new double[] {count, sum};
        } catch (Exception e) {
            return new double[] {0, 0};
        }
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    static HttpResponse<String> post(String token, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Bl1nk-Identity", token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A tenant with a huge monthly budget, so the benchmark measures holds, not refusals. */
    record Tenant(UUID id, String serviceToken) {
        static Tenant create() throws Exception {
            UUID id = UUID.randomUUID();
            String admin = token(id, "key:" + UUID.randomUUID(), "[\"admin\"]");
            HttpResponse<String> budget = post(
                    admin,
                    "/api/v1/budgets",
                    "{\"scope\":\"tenant\",\"period\":\"monthly\",\"limitUsd\":\"1000000\"}");
            if (budget.statusCode() != 201) {
                throw new IllegalStateException("creating the budget failed: " + budget.statusCode() + " " + budget.body());
            }
            return new Tenant(id, token(id, "service:bench", "[]"));
        }
    }

    /** An HS256 identity token, minted by hand so the benchmark needs nothing but the JDK. */
    static String token(UUID tenant, String subject, String roles) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"bl1nk-gateway\",\"aud\":\"bl1nk-services\",\"sub\":\"" + subject + "\",\"tid\":\""
                + tenant + "\",\"roles\":" + roles + ",\"scopes\":[],\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":"
                + (now + 3600) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }
}
