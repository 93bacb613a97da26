import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
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

/**
 * Reservation throughput and latency of a running billing-service (JDK only: java ReservationBench.java).
 *
 * <p>Each operation is one model call's budget round trip: POST /internal/v1/reservations then .../settle. Scenarios:
 * sequential (latency floor), concurrent workers on one tenant's budget (every hold hits the same counter row, the
 * worst case for row locking), and concurrent workers spread over many tenants (no shared row).
 *
 * <p>Identity tokens are ES256, signed with the workload keys in BENCH_KEYS (bench/keys.sh writes them): budgets are
 * created with a caller token as the gateway mints it (gateway.pem, aud billing); reservations, which only task-service
 * may make, carry task-service's own token (task.pem, aud billing).
 *
 * <p>Env: BENCH_URL (default http://127.0.0.1:18084), BENCH_KEYS (directory with gateway.pem and task.pem),
 * BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default "16,64"). "server ms" is the mean reserve time measured
 * inside the service.
 */
public class ReservationBench {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    static String base;
    static WorkloadSigner gateway;
    static WorkloadSigner task;

    public static void main(String[] args) throws Exception {
        base = System.getenv().getOrDefault("BENCH_URL", "http://127.0.0.1:18084");
        String keys = System.getenv("BENCH_KEYS");
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException("BENCH_KEYS must name the workload key directory (bench/keys.sh <dir>)");
        }
        gateway = WorkloadSigner.read("gateway", Path.of(keys, "gateway.pem"));
        task = WorkloadSigner.read("task", Path.of(keys, "task.pem"));
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
            // a caller's token, as the gateway mints it for billing
            String admin = gateway.mint("billing", id, "key:" + UUID.randomUUID(), List.of("admin"), Duration.ofHours(1));
            HttpResponse<String> budget = post(
                    admin,
                    "/api/v1/budgets",
                    "{\"scope\":\"tenant\",\"period\":\"monthly\",\"limitUsd\":\"1000000\"}");
            if (budget.statusCode() != 201) {
                throw new IllegalStateException("creating the budget failed: " + budget.statusCode() + " " + budget.body());
            }
            // /internal/** takes only task-service's own token, acting for the tenant
            return new Tenant(id, task.mint("billing", id, "service:bench", List.of(), Duration.ofHours(1)));
        }
    }

    /**
     * One workload's ES256 signing key, read from its PEM file (PKCS#8 PRIVATE KEY block, then its PUBLIC KEY block),
     * minting identity tokens by hand so the benchmark needs nothing but the JDK. The key id is
     * {@code <owner>.<first 16 characters, lower case, of the key's RFC 7638 thumbprint>}, as the services expect.
     */
    record WorkloadSigner(String owner, String keyId, PrivateKey privateKey) {

        static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

        static WorkloadSigner read(String owner, Path file) throws Exception {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            KeyFactory ec = KeyFactory.getInstance("EC");
            PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(pemBlock(pem, "PRIVATE KEY", file)));
            ECPublicKey publicKey =
                    (ECPublicKey) ec.generatePublic(new X509EncodedKeySpec(pemBlock(pem, "PUBLIC KEY", file)));
            String jwk = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                    + B64.encodeToString(coordinate(publicKey.getW().getAffineX())) + "\",\"y\":\""
                    + B64.encodeToString(coordinate(publicKey.getW().getAffineY())) + "\"}";
            String thumbprint = B64.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
            return new WorkloadSigner(owner, owner + "." + thumbprint.substring(0, 16).toLowerCase(Locale.ROOT), privateKey);
        }

        static byte[] pemBlock(String pem, String type, Path file) {
            Matcher block = Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----")
                    .matcher(pem);
            if (!block.find()) {
                throw new IllegalArgumentException(file + " has no " + type + " block");
            }
            return Base64.getMimeDecoder().decode(block.group(1));
        }

        /** A P-256 coordinate as 32 unsigned big-endian bytes. */
        static byte[] coordinate(BigInteger value) {
            byte[] raw = value.toByteArray();
            byte[] out = new byte[32];
            int length = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - length, out, 32 - length, length);
            return out;
        }

        /** A token issued by this workload for {@code audience}, acting as {@code subject} in {@code tenant}. */
        String mint(String audience, UUID tenant, String subject, List<String> roles, Duration ttl) throws Exception {
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"ES256\",\"kid\":\"" + keyId + "\",\"typ\":\"bl1nk-identity+jwt\"}";
            String claims = "{\"iss\":\"" + owner + "\",\"aud\":[\"" + audience + "\"],\"sub\":\"" + subject
                    + "\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + ttl.toSeconds()) + ",\"jti\":\""
                    + UUID.randomUUID() + "\",\"tid\":\"" + tenant + "\",\"roles\":" + jsonArray(roles)
                    + ",\"scopes\":[]}";
            String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            // ES256 wants the signature as R || S (64 bytes), not DER
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(es256.sign());
        }

        static String jsonArray(List<String> values) {
            StringBuilder json = new StringBuilder("[");
            for (String value : values) {
                json.append(json.length() > 1 ? "," : "").append('"').append(value).append('"');
            }
            return json.append(']').toString();
        }
    }
}
