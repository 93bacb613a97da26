package com.bl1nk.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The platform's public API through its gateway, authenticated with one API key: JSON calls, multipart uploads with
 * byte progress, and the raw SSE stream of a task. Every call has a timeout; every failure is an {@link ApiError}
 * whose message never contains the key.
 */
public final class ApiClient {

    /** What the client says it is, so the gateway's logs tell CLI calls apart. */
    public static final String USER_AGENT = "bl1nk-cli/0.1.0";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int UPLOAD_SLICE = 64 * 1024;

    private final URI base;
    private final String key;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json;

    public ApiClient(String baseUrl, String key, Duration timeout, JsonMapper json) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.key = key;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The platform's base URL, e.g. {@code http://localhost:8080}. */
    public String baseUrl() {
        return base.toString();
    }

    public JsonNode get(String path) {
        return call("GET", path, request(path).GET());
    }

    public JsonNode post(String path, Object body) {
        return call("POST", path, jsonBody(request(path)).method("POST", publisher(body)));
    }

    public JsonNode put(String path, Object body) {
        return call("PUT", path, jsonBody(request(path)).method("PUT", publisher(body)));
    }

    public JsonNode delete(String path) {
        return call("DELETE", path, request(path).DELETE());
    }

    /**
     * Uploads one file as multipart part {@code file}; {@code sent} hears the bytes handed to the connection so far.
     */
    public JsonNode upload(String path, String fileName, String contentType, byte[] content, LongConsumer sent) {
        String boundary = "bl1nk-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + quoted(fileName) + "\"\r\n"
                        + "Content-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        List<byte[]> slices = new ArrayList<>();
        slices.add(head);
        for (int from = 0; from < content.length; from += UPLOAD_SLICE) {
            slices.add(java.util.Arrays.copyOfRange(content, from, Math.min(content.length, from + UPLOAD_SLICE)));
        }
        slices.add(tail);
        long total = head.length + (long) content.length + tail.length;
        HttpRequest.BodyPublisher body = new CountingPublisher(
                HttpRequest.BodyPublishers.ofByteArrays(slices), total, head.length, content.length, sent);
        return call(
                "POST",
                path,
                request(path)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(body));
    }

    /**
     * Opens a task's event stream; the caller reads the body line by line and closes it. {@code lastEventId} resumes
     * after that event.
     */
    public InputStream events(String path, String lastEventId) {
        HttpRequest.Builder request = request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response =
                send("GET", path, request.GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw ProblemMessages.of(response.statusCode(), "GET", path, body);
        }
        return response.body();
    }

    /** {@code path?name=value&...} with the values encoded, skipping absent ones. */
    public static String query(String path, Map<String, ?> params) {
        StringBuilder out = new StringBuilder(path);
        char sep = path.contains("?") ? '&' : '?';
        for (Map.Entry<String, ?> p : new LinkedHashMap<>(params).entrySet()) {
            if (p.getValue() == null) {
                continue;
            }
            out.append(sep)
                    .append(p.getKey())
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(p.getValue()), StandardCharsets.UTF_8));
            sep = '&';
        }
        return out.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (key != null && !key.isBlank()) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private static HttpRequest.Builder jsonBody(HttpRequest.Builder builder) {
        return builder.header("Content-Type", "application/json");
    }

    private HttpRequest.BodyPublisher publisher(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.ofString(
                body instanceof String s ? s : json.writeValueAsString(body), StandardCharsets.UTF_8);
    }

    private JsonNode call(String method, String path, HttpRequest.Builder request) {
        HttpResponse<String> response = send(method, path, request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw ProblemMessages.of(response.statusCode(), method, path, response.body());
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiError(
                    response.statusCode(),
                    method + " " + path + " answered " + response.statusCode() + " with a body that is not JSON",
                    traceId(response.headers()));
        }
    }

    private <T> HttpResponse<T> send(
            String method, String path, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (HttpConnectTimeoutException e) {
            throw ApiError.unreachable("cannot reach " + base + " (connecting timed out after "
                    + CONNECT_TIMEOUT.toSeconds() + " s); is the platform up (./bl1nk status)?");
        } catch (HttpTimeoutException e) {
            throw ApiError.unreachable(method + " " + path + " got no answer within " + timeout.toSeconds()
                    + " s; try again or raise BL1NK_TIMEOUT (seconds)");
        } catch (ConnectException e) {
            throw ApiError.unreachable(
                    "cannot reach " + base + " (connection refused); is the platform up (./bl1nk status)?");
        } catch (IOException e) {
            throw ApiError.unreachable(method + " " + path + " to " + base + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw ApiError.unreachable("the URL " + base + path + " is not valid: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unreachable(method + " " + path + " was interrupted");
        }
    }

    private static String traceId(HttpHeaders headers) {
        return headers.firstValue("X-Trace-Id").orElse(null);
    }

    private static String quoted(String fileName) {
        return fileName.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\r", "")
                .replace("\n", "");
    }

    /** Counts the file's bytes as the connection pulls them, leaving out the multipart framing. */
    private static final class CountingPublisher implements HttpRequest.BodyPublisher {

        private final HttpRequest.BodyPublisher delegate;
        private final long length;
        private final long headLength;
        private final long contentLength;
        private final LongConsumer sent;

        CountingPublisher(
                HttpRequest.BodyPublisher delegate,
                long length,
                long headLength,
                long contentLength,
                LongConsumer sent) {
            this.delegate = delegate;
            this.length = length;
            this.headLength = headLength;
            this.contentLength = contentLength;
            this.sent = sent;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<>() {
                private long total;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    total += item.remaining();
                    sent.accept(Math.max(0, Math.min(contentLength, total - headLength)));
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
