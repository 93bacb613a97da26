import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Overhead of bl1nk's model layer over calling the provider directly: the same non-streaming chat request sent (a)
 * straight to mock-llm and (b) to {@code POST /v1/chat/completions} of task-service (identity check, request
 * validation, routing, budget gate, retry layer, provider call, usage event to Redis), optionally also (c) through the
 * gateway with an API key. Sequential requests after warm-up, then open-loop fixed rates (latency measured from the
 * scheduled start, so a slow server cannot hide queueing); prints p50/p99 and errors for each.
 *
 * <p>The identity token for task-service is ES256, minted as the gateway would: signed with the gateway's key (the
 * {@code gateway.pem} bench/keys.sh writes), {@code aud} task.
 *
 * <p>Args: taskServiceUrl mockLlmBaseUrl gatewayKeyFile [sequentialCalls] [rates e.g. 100,500,1000] [secondsPerRate]
 * [gatewayUrl apiKey]
 */
public class LlmOverheadBench {

    static final String BODY = "{\"model\":\"mock-gpt\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"benchmark ping, answer briefly\"}]}";

    record Target(String name, URI uri, String header, String value) {}

    record Stats(String mode, String target, int n, double p50, double p99, double max, int errors) {}

    public static void main(String[] args) throws Exception {
        String service = args[0];
        String mock = args[1];
        Path gatewayKey = Path.of(args[2]);
        int sequential = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int[] rates = args.length > 4
                ? Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 500, 1000};
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        IdentityTokenCodec gateway = new IdentityTokenCodec(
                "gateway", WorkloadKey.read("gateway", gatewayKey), TrustedKeys.of(List.of()), Duration.ofHours(2),
                Clock.systemUTC());
        String token = gateway.mint(
                new Identity(UUID.randomUUID(), "user:bench", Set.of(Identity.OWNER), Set.of(), null), "task");
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("mock-llm direct", URI.create(mock + "/chat/completions"), "X-Bench", "direct"));
        targets.add(new Target(
                "task-service", URI.create(service + "/v1/chat/completions"), "X-Bl1nk-Identity", token));
        if (args.length > 7) {
            targets.add(new Target(
                    "gateway+task-service",
                    URI.create(args[6] + "/v1/chat/completions"),
                    "Authorization",
                    "Bearer " + args[7]));
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();

        List<Stats> results = new ArrayList<>();
        for (Target t : targets) {
            sequential(http, t, Math.max(200, sequential / 4)); // warm-up, discarded
        }
        for (Target t : targets) {
            results.add(sequential(http, t, sequential));
        }
        for (int rate : rates) {
            for (Target t : targets) {
                openLoop(http, t, Math.max(100, rate / 5), 1); // short warm-up at the rate
                results.add(openLoop(http, t, rate, seconds));
            }
        }

        System.out.printf("%n%-22s %-22s %7s %9s %9s %9s %7s%n", "mode", "target", "n", "p50 ms", "p99 ms", "max ms",
                "errors");
        for (Stats s : results) {
            System.out.printf("%-22s %-22s %7d %9.2f %9.2f %9.2f %7d%n", s.mode, s.target, s.n, s.p50, s.p99, s.max,
                    s.errors);
        }
        System.out.println();
        for (int i = 0; i < results.size(); i += targets.size()) {
            Stats direct = results.get(i);
            for (int j = 1; j < targets.size(); j++) {
                Stats via = results.get(i + j);
                System.out.printf("overhead %-14s %-22s p50 +%.2f ms   p99 +%.2f ms%n", direct.mode, via.target,
                        via.p50 - direct.p50, via.p99 - direct.p99);
            }
        }
    }

    static HttpRequest request(Target t) {
        return HttpRequest.newBuilder(t.uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(t.header, t.value)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
    }

    static Stats sequential(HttpClient http, Target t, int n) {
        long[] nanos = new long[n];
        int errors = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(request(t), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    errors++;
                }
            } catch (Exception e) {
                errors++;
            }
            nanos[i] = System.nanoTime() - start;
        }
        return stats("sequential", t, nanos, n, errors);
    }

    static Stats openLoop(HttpClient http, Target t, int rate, int seconds) throws InterruptedException {
        int n = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long[] nanos = new long[n];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        long begin = System.nanoTime() + 10_000_000L;
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                long scheduled = begin + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                workers.execute(() -> {
                    try {
                        HttpResponse<String> r = http.send(request(t), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        nanos[index] = System.nanoTime() - scheduled;
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        return stats(rate + " rps x " + seconds + "s", t, nanos, n, errors.get());
    }

    static Stats stats(String mode, Target t, long[] nanos, int n, int errors) {
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new Stats(mode, t.name, n, ms(sorted[(int) (n * 0.50)]), ms(sorted[Math.min(n - 1, (int) (n * 0.99))]),
                ms(sorted[n - 1]), errors);
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
