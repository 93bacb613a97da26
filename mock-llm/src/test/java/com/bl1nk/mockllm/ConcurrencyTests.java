package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConcurrencyTests {

    private static final int CONCURRENT_STREAMS = 1_000;

    @Test
    void thousandSlowConcurrentStreamsAllCompleteWithoutAPlatformThreadEach() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (MockLlmServer server =
                MockLlmServer.start(MockLlmConfig.defaults().port(0).extraLatency(Duration.ofMillis(800)))) {
            TestHttp http = new TestHttp(server);
            String body = "{\"model\":\"mock-gpt\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"load test\"}]}";
            int baseline = threads.getThreadCount();
            threads.resetPeakThreadCount();
            long started = System.nanoTime();

            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_STREAMS; i++) {
                calls.add(http.client()
                        .sendAsync(
                                HttpRequest.newBuilder(server.rootUri().resolve("/v1/chat/completions"))
                                        .timeout(Duration.ofSeconds(60))
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            int peak = threads.getPeakThreadCount();

            assertThat(calls).allSatisfy(call -> {
                HttpResponse<String> response = call.join();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body())
                        .contains("\"content\":\" load\"", "\"finish_reason\":\"stop\"", "\"completion_tokens\":6")
                        .endsWith("data: [DONE]\n\n");
            });
            assertThat(server.requests("/v1/chat/completions")).hasSize(CONCURRENT_STREAMS);
            // Platform threads (virtual ones are not counted) must not grow with the number of open streams.
            assertThat(peak - baseline).isLessThan(100);
            System.out.printf(
                    "mock-llm: %d concurrent streams with 800 ms latency finished in %d ms; platform threads %d -> peak %d%n",
                    CONCURRENT_STREAMS, elapsedMs, baseline, peak);
        }
    }
}
