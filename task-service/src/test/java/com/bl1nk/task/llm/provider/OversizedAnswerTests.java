package com.bl1nk.task.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider that answers without end (a tenant's own server can) is cut off once the cap is read: a clear,
 * non-retried error, and the service never holds more than the cap.
 */
class OversizedAnswerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final AtomicLong sent = new AtomicLong();

    @BeforeEach
    void endlessProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            boolean stream = new String(exchange.getRequestBody().readAllBytes()).contains("\"stream\":true");
            exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = (stream ? "data: " + "x".repeat(65_000) + "\n\n" : "x".repeat(65_536)).getBytes();
            try (OutputStream out = exchange.getResponseBody()) {
                // far beyond every cap: stops only when the client hangs up
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException clientHungUp) {
                // expected
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aCompleteAnswerBeyondTheCapIsAClearBadResponse() {
        OpenAiCompatibleClient client = client();
        assertThatThrownBy(() -> client.complete(provider(), request(), timeouts()))
                .isInstanceOfSatisfying(UpstreamFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.BAD_RESPONSE);
                    assertThat(e.getMessage()).contains("more than " + OpenAiCompatibleClient.MAX_ANSWER_BYTES);
                });
        assertThat(sent.get())
                .as("the download was cut off, not read to the end")
                .isLessThan(1L << 33);
    }

    @Test
    void aStreamBeyondTheCapBreaksWithAClearError() {
        OpenAiCompatibleClient client = client();
        assertThatThrownBy(() -> {
                    try (ChatStream stream = client.stream(provider(), request(), timeouts())) {
                        while (stream.next() != null) {
                            // read on: the cap has to stop it
                        }
                    }
                })
                .isInstanceOf(UpstreamFailure.class);
    }

    private static OpenAiCompatibleClient client() {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return new OpenAiCompatibleClient(http, http, JSON, Clock.systemUTC());
    }

    private ProviderConfig provider() {
        return new ProviderConfig(
                "platform:endless",
                "endless",
                ProviderKind.OPENAI_COMPATIBLE,
                null,
                null,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "test-key",
                Map.of(),
                null,
                null,
                null,
                List.of(ModelDefinition.of("m")));
    }

    private static ObjectNode request() {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "m");
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        return body;
    }

    private static CallTimeouts timeouts() {
        return new CallTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }
}
