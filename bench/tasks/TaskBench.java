import java.io.IOException;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for task-service: creates N tasks at once against a running service (whose model endpoint is mock-llm
 * with a fixed latency), waits until all have ended, and prints completion count, platform overhead percentiles
 * (task wall time minus time spent inside model calls), create-call latency, tasks/s, and the service's peak RSS and
 * threads. JDK only, run with {@code java TaskBench.java --base=... --keys=... --pid=...}.
 *
 * <p>The identity token is an ES256 caller token as the gateway mints it for task-service: signed with the gateway's
 * key ({@code <keys>/gateway.pem}, written by bench/keys.sh), {@code aud} task.
 */
public class TaskBench {

    private static final Pattern CREATED = Pattern.compile("\"createdAt\":\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finishedAt\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z_]+)\"");
    private static final Pattern LATENCY = Pattern.compile("\"latencyMs\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new java.util.HashMap<>();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        String base = opt.getOrDefault("base", "http://127.0.0.1:18081");
        String keys = opt.get("keys");
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException("--keys=<dir> must name the workload key directory (bench/keys.sh <dir>)");
        }
        WorkloadSigner gateway = WorkloadSigner.read("gateway", Path.of(keys, "gateway.pem"));
        int n = Integer.parseInt(opt.getOrDefault("tasks", "1000"));
        long pid = Long.parseLong(opt.getOrDefault("pid", "0"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(opt.getOrDefault("timeout-s", "600")));
        UUID tenant = UUID.randomUUID();
        String token = gateway.mint("task", tenant, "key:bench", List.of("developer"), Duration.ofHours(1));
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();

        // peak RSS and threads of the service, sampled while the run lasts
        AtomicLong peakRssKb = new AtomicLong();
        AtomicLong peakThreads = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get() && pid > 0) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                        if (line.startsWith("VmRSS:")) {
                            peakRssKb.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                        } else if (line.startsWith("Threads:")) {
                            peakThreads.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                        }
                    }
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });

        String agentBody = "{\"name\":\"bench-" + System.nanoTime() % 100000
                + "\",\"instructions\":\"Answer in one short sentence.\",\"maxSteps\":3,\"maxCostUsd\":\"1\"}";
        HttpResponse<String> agent = send(http, base + "/api/v1/agents", token, agentBody);
        if (agent.statusCode() != 201) {
            throw new IllegalStateException("agent create: " + agent.statusCode() + " " + agent.body());
        }
        String agentId = group(ID, agent.body());

        // warm-up: a few tasks so JIT and pools are not part of the measurement
        int warm = Integer.parseInt(opt.getOrDefault("warmup", "20"));
        List<String> warmIds = createAll(http, base, token, agentId, warm, new ArrayList<>());
        awaitAll(http, base, token, warmIds, Instant.now().plus(timeout));
        System.out.printf("warm-up: %d tasks done%n", warm);

        List<Long> createMillis = Collections.synchronizedList(new ArrayList<>());
        long cpuBefore = cpuTicks(pid);
        Instant start = Instant.now();
        List<String> ids = createAll(http, base, token, agentId, n, createMillis);
        Instant created = Instant.now();
        Map<String, String> bodies = awaitAll(http, base, token, ids, start.plus(timeout));
        Instant end = Instant.now();
        long cpuUsed = cpuTicks(pid) - cpuBefore;
        sampling.set(false);
        sampler.join(500);

        int succeeded = 0;
        int failed = 0;
        List<Long> overhead = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        Instant lastFinish = start;
        for (String body : bodies.values()) {
            String status = group(STATUS, body);
            if ("succeeded".equals(status)) {
                succeeded++;
            } else {
                failed++;
            }
            String c = group(CREATED, body);
            String f = group(FINISHED, body);
            if (c == null || f == null) {
                continue;
            }
            Instant fi = Instant.parse(f);
            long total = Duration.between(Instant.parse(c), fi).toMillis();
            long model = 0;
            Matcher m = LATENCY.matcher(body);
            while (m.find()) {
                model += Long.parseLong(m.group(1));
            }
            wall.add(total);
            overhead.add(Math.max(0, total - model));
            if (fi.isAfter(lastFinish)) {
                lastFinish = fi;
            }
        }
        double seconds = Duration.between(start, lastFinish).toMillis() / 1000.0;
        System.out.println("---- bench/tasks results ----");
        System.out.printf("tasks created           : %d (create phase %d ms)%n", ids.size(),
                Duration.between(start, created).toMillis());
        System.out.printf("completed               : %d succeeded, %d failed/other, %d missing%n",
                succeeded, failed, n - bodies.size());
        System.out.printf("platform overhead (ms)  : p50 %d  p95 %d  p99 %d  max %d%n",
                pct(overhead, 50), pct(overhead, 95), pct(overhead, 99), pct(overhead, 100));
        System.out.printf("task wall time (ms)     : p50 %d  p95 %d  p99 %d%n", pct(wall, 50), pct(wall, 95), pct(wall, 99));
        System.out.printf("create call (ms)        : p50 %d  p95 %d  p99 %d%n",
                pct(createMillis, 50), pct(createMillis, 95), pct(createMillis, 99));
        System.out.printf("throughput              : %.1f tasks/s (first create to last finish %.1f s)%n",
                succeeded / seconds, seconds);
        System.out.printf("service peak RSS        : %d MB%n", peakRssKb.get() / 1024);
        System.out.printf("service peak threads    : %d%n", peakThreads.get());
        System.out.printf("service CPU             : %.1f s in all, %.2f ms per task (load-independent cost)%n",
                cpuUsed / 100.0, cpuUsed * 10.0 / Math.max(1, n));
        System.out.printf("machine load average    : %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf("driver wall             : %d ms%n", Duration.between(start, end).toMillis());
    }

    private static List<String> createAll(
            HttpClient http, String base, String token, String agentId, int n, List<Long> millis) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> {
                    String body = "{\"agentId\":\"" + agentId + "\",\"input\":\"Benchmark question " + k + "\"}";
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = send(http, base + "/api/v1/tasks", token, body);
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    if (r.statusCode() != 201) {
                        throw new IllegalStateException("task create: " + r.statusCode() + " " + r.body());
                    }
                    ids.add(group(ID, r.body()));
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return ids;
    }

    /**
     * Waits until none of the tenant's tasks is queued or running, asking the list endpoint (a few requests per round,
     * so the driver does not load the service), then fetches each task once for its steps.
     */
    private static Map<String, String> awaitAll(
            HttpClient http, String base, String token, List<String> ids, Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            if (countOpen(http, base, token) == 0) {
                break;
            }
            Thread.sleep(250);
        }
        Map<String, String> done = new ConcurrentHashMap<>();
        Semaphore limit = new Semaphore(16);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                pool.submit(() -> {
                    limit.acquire();
                    try {
                        HttpResponse<String> r = get(http, base + "/api/v1/tasks/" + id, token);
                        String status = group(STATUS, r.body());
                        if (status != null && !status.equals("queued") && !status.equals("running")) {
                            done.put(id, r.body());
                        }
                    } finally {
                        limit.release();
                    }
                    return null;
                });
            }
        }
        return done;
    }

    /** Queued plus running tasks of the tenant, by paging the status-filtered list. */
    private static int countOpen(HttpClient http, String base, String token) throws Exception {
        int open = 0;
        for (String status : List.of("queued", "running")) {
            String cursor = null;
            do {
                String url = base + "/api/v1/tasks?limit=200&status=" + status + (cursor == null ? "" : "&cursor=" + cursor);
                String body = get(http, url, token).body();
                Matcher m = ID.matcher(body);
                while (m.find()) {
                    open++;
                }
                Matcher c = NEXT.matcher(body);
                cursor = c.find() ? c.group(1) : null;
            } while (cursor != null);
        }
        return open;
    }

    private static HttpResponse<String> send(HttpClient http, String url, String token, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .header("X-Bl1nk-Identity", token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .header("X-Bl1nk-Identity", token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(idx, sorted.size() - 1)));
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
