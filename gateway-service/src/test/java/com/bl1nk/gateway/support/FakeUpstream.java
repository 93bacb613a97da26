package com.bl1nk.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * One MockWebServer on loopback standing in for task, rag, mcp and billing services. Requests are recorded by path
 * and responses scripted by path, so tests sharing the server (and the Spring context) never read each other's calls.
 */
public final class FakeUpstream {

    private final MockWebServer server = new MockWebServer();
    private final Map<String, RecordedRequest> lastByPath = new ConcurrentHashMap<>();
    private final Map<String, Supplier<MockResponse>> scripted = new ConcurrentHashMap<>();
    private final Queue<String> targets = new ConcurrentLinkedQueue<>();

    private FakeUpstream() {}

    /** Starts a server on 127.0.0.1 with a random port. */
    public static FakeUpstream start() {
        FakeUpstream upstream = new FakeUpstream();
        upstream.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                upstream.targets.add(request.getTarget());
                String path = request.getUrl().encodedPath();
                upstream.lastByPath.put(path, request);
                Supplier<MockResponse> response = upstream.scripted.get(path);
                return response != null ? response.get() : defaultResponse(path);
            }
        });
        try {
            upstream.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return upstream;
    }

    /** Base URL of the fake, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Answers requests to {@code path} with a fresh response from {@code response}. */
    public void script(String path, Supplier<MockResponse> response) {
        scripted.put(path, response);
    }

    /** The last request received at {@code path}, waiting up to 10 s for it. */
    public RecordedRequest awaitRequest(String path) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> lastByPath.get(path), r -> r != null);
    }

    /** Whether any request reached {@code path}. */
    public boolean received(String path) {
        return lastByPath.containsKey(path);
    }

    /** Whether any request line's target, as sent (before URL parsing resolves dot-segments), contained {@code text}. */
    public boolean receivedTargetContaining(String text) {
        return targets.stream().anyMatch(target -> target.contains(text));
    }

    private static MockResponse defaultResponse(String path) {
        return new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .body("{\"upstream\":true,\"path\":\"" + path + "\"}")
                .build();
    }
}
