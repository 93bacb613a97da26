package com.bl1nk.mockllm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the mock on loopback, with the few calls the tests need. */
final class TestHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final URI root;

    TestHttp(MockLlmServer server) {
        this.root = server.rootUri();
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return client.send(
                request(path, headers)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postWithTimeout(String path, String body, Duration timeout)
            throws IOException, InterruptedException {
        return client.send(
                request(path)
                        .timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Reads an SSE response line by line as the bytes arrive (push-based, so lines received before a broken connection
     * are kept) and records how it ended.
     */
    Stream stream(String path, String body, String... headers) throws InterruptedException {
        List<String> data = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<HttpResponse.ResponseInfo> info = new AtomicReference<>();
        Flow.Subscriber<String> lines = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring("data: ".length()));
                }
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        };
        IOException failure = null;
        try {
            client.send(
                    request(path, headers)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    responseInfo -> {
                        info.set(responseInfo);
                        return HttpResponse.BodySubscribers.<Flow.Subscriber<String>, Void>fromLineSubscriber(
                                lines, s -> null, StandardCharsets.UTF_8, "\n");
                    });
        } catch (IOException e) {
            failure = e;
        }
        HttpResponse.ResponseInfo response = info.get();
        return new Stream(
                response == null ? -1 : response.statusCode(),
                response == null ? HttpHeaders.of(Map.of(), (a, b) -> true) : response.headers(),
                List.copyOf(data),
                failure);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(root.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    HttpClient client() {
        return client;
    }

    /** What a client saw of one SSE response. */
    record Stream(int status, HttpHeaders headers, List<String> data, IOException failure) {

        boolean done() {
            return !data.isEmpty() && data.getLast().equals("[DONE]");
        }

        /** The JSON chunks (everything but {@code [DONE]}). */
        List<JsonNode> chunks() {
            List<JsonNode> chunks = new ArrayList<>();
            for (String d : data) {
                if (!d.equals("[DONE]")) {
                    chunks.add(JSON.readTree(d));
                }
            }
            return chunks;
        }

        /** The streamed content deltas joined together. */
        String content() {
            StringBuilder text = new StringBuilder();
            for (JsonNode chunk : chunks()) {
                for (JsonNode choice : chunk.path("choices")) {
                    JsonNode content = choice.path("delta").path("content");
                    if (content.isString()) {
                        text.append(content.stringValue());
                    }
                }
            }
            return text.toString();
        }
    }
}
