import java.net.URI;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How fast the GitHub webhook answers through the gateway while task workers are busy.
 *
 * <p>Start the platform, then run (JDK 21+, no build needed):
 *
 * <pre>
 * ./bl1nk up
 * java bench/github/WebhookLatencyBench.java http://127.0.0.1:8080 &lt;admin key&gt; bench-secret [deliveries] [busyTasks]
 * </pre>
 *
 * It scripts mock-llm (:8090) to answer slowly (800 ms) so the workers stay busy, starts {@code busyTasks} tasks, then
 * sends {@code deliveries} signed {@code /bl1nk} issue comments with 16 senders and prints latency percentiles.
 */
public class WebhookLatencyBench {

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String key = args[1];
        String secret = args[2];
        int deliveries = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int busyTasks = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        String mockLlm = System.getProperty("mockLlm", "http://127.0.0.1:8090");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long installation = 4_000_000L + (System.nanoTime() % 1_000_000L);
        String agent = "bench-" + Long.toHexString(System.nanoTime());

        // the App this run uses, stored through the API (encrypted at rest): a fresh key and the given secret
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        send(http, request("PUT", gateway + "/api/v1/github/app", key,
                "{\"appId\":1,\"privateKey\":\"" + pem + "\",\"webhookSecrets\":[\"" + secret + "\"]}"));
        send(http, post(mockLlm + "/_mock/rules", null,
                "{\"rules\":[{\"name\":\"slow\",\"latency\":{\"timeToFirstTokenMs\":800}}]}"));
        String created = send(http, post(gateway + "/api/v1/agents", key,
                "{\"name\":\"" + agent + "\",\"instructions\":\"Answer briefly.\"}"));
        String agentId = created.replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        send(http, post(gateway + "/api/v1/github/installations", key,
                "{\"installationId\":" + installation + "}"));
        send(http, post(gateway + "/api/v1/github/routing-rules", key,
                "{\"installationId\":" + installation + ",\"event\":\"issue_comment\",\"trigger\":\"command\","
                        + "\"promptTemplate\":\"{{request}}\"}"));

        // the workers get busy first: every task makes slow model calls for the whole measurement
        List<CompletableFuture<HttpResponse<Void>>> busy = new ArrayList<>();
        for (int i = 0; i < busyTasks; i++) {
            busy.add(http.sendAsync(post(gateway + "/api/v1/tasks", key,
                    "{\"agentId\":\"" + agentId + "\",\"input\":\"keep the workers busy " + i + "\"}"),
                    HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).join();

        int warmup = Integer.getInteger("warmup", 200);
        if (warmup > 0) {
            // not measured: the JIT compiles the webhook path; the tasks these start keep the workers busier still
            deliver(http, gateway, secret, installation, agent, warmup, 1_000_000,
                    Collections.synchronizedList(new ArrayList<>()), new ConcurrentHashMap<>(), new AtomicInteger());
        }

        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        deliver(http, gateway, secret, installation, agent, deliveries, 0, micros, statuses, errors);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("deliveries=%d (after %d not measured) busyTasks=%d senders=16 wall=%.1fs rate=%.0f/s%n",
                deliveries, warmup, busyTasks, seconds, sorted.size() / seconds);
        System.out.printf("latency ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f%n",
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast() / 1000.0);
        System.out.println("statuses=" + new TreeMap<>(statuses) + " errors=" + errors.get());
        send(http, post(mockLlm + "/_mock/reset", null, "{}"));
        send(http, request("DELETE", gateway + "/api/v1/github/app", key, null));
    }

    /** Sends {@code count} signed /bl1nk comments from 16 senders, recording each answer's latency. */
    private static void deliver(HttpClient http, String gateway, String secret, long installation, String agent,
            int count, int numberOffset, List<Long> micros, Map<Integer, AtomicInteger> statuses,
            AtomicInteger errors) {
        try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < count; i++) {
                int n = numberOffset + i;
                senders.submit(() -> {
                    byte[] body = ("{\"action\":\"created\",\"installation\":{\"id\":" + installation + "},"
                                    + "\"repository\":{\"full_name\":\"bench/repo\"},"
                                    + "\"issue\":{\"number\":" + (n + 1) + ",\"title\":\"Bench\",\"body\":\"b\"},"
                                    + "\"comment\":{\"id\":" + (10_000 + n) + ",\"body\":\"/bl1nk " + agent
                                    + " go\",\"user\":{\"login\":\"u\",\"type\":\"User\"}}}")
                            .getBytes(StandardCharsets.UTF_8);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/webhooks/github"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header("X-GitHub-Event", "issue_comment")
                            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                            .header("X-Hub-Signature-256", "sha256=" + hmac(secret, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        micros.add((System.nanoTime() - t0) / 1000);
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                });
            }
        }
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }

    private static HttpRequest post(String url, String key, String json) {
        return request("POST", url, key, json);
    }

    private static HttpRequest request(String method, String url, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b.build();
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
