package com.bl1nk.mockllm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running mock provider: the JDK HTTP server with one virtual thread per request, so thousands of slow streams cost
 * no platform threads. Start it in-process from tests with {@code MockLlmServer.start(MockLlmConfig.defaults().port(0))}
 * and point the client at {@link #baseUrl()}.
 */
public final class MockLlmServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MockLlmServer.class);

    static {
        // Streamed chunks are small; without TCP_NODELAY Nagle's algorithm would hold them back. The JDK server reads
        // this once, when its first instance is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final MockLlmConfig config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AtomicReference<RuleBook> ruleBook;
    private final RequestLog requestLog;
    private final ChatCompletions chat = new ChatCompletions(this);
    private final Embeddings embeddings = new Embeddings(this);
    private final ControlPlane control = new ControlPlane(this);
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    private volatile boolean closed;

    private MockLlmServer(MockLlmConfig config) throws IOException {
        this.config = config;
        this.ruleBook = new AtomicReference<>(new RuleBook(config.rules()));
        this.requestLog = new RequestLog(config.requestLogLimit());
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("mock-llm-", 0).factory());
        this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 4096);
        this.http.setExecutor(executor);
        this.http.createContext("/", this::handle);
        this.http.start();
    }

    /** Binds and starts a server; with port 0 a free port is chosen. */
    public static MockLlmServer start(MockLlmConfig config) {
        try {
            MockLlmServer server = new MockLlmServer(config);
            log.debug("mock-llm listening on {}", server.baseUrl());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "mock-llm cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port} without a path. */
    public URI rootUri() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** The OpenAI base URL, {@code http://host:port/v1}, as OpenAI clients expect it. */
    public String baseUrl() {
        return rootUri() + "/v1";
    }

    public MockLlmConfig config() {
        return config;
    }

    /** Replaces the rules (and their use counters); the request log is kept. */
    public void setRules(List<Rule> rules) {
        ruleBook.set(new RuleBook(rules));
    }

    /** Replaces the rules (and their use counters); the request log is kept. */
    public void setRules(Rule... rules) {
        setRules(List.of(rules));
    }

    /** The active rules, in matching order. */
    public List<Rule> rules() {
        return ruleBook.get().rules();
    }

    /** Every {@code /v1/...} request received since start or the last reset, oldest first. */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    /** Received requests to one path, e.g. {@code /v1/chat/completions}. */
    public List<RecordedRequest> requests(String path) {
        List<RecordedRequest> matching = new ArrayList<>();
        for (RecordedRequest request : requestLog.snapshot()) {
            if (request.path().equals(path)) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** Forgets received requests. */
    public void clearRequests() {
        requestLog.clear();
    }

    /** Back to the configured rules with fresh counters, an empty request log, and hanging requests dropped. */
    public void reset() {
        ruleBook.set(new RuleBook(config.rules()));
        requestLog.clear();
        CountDownLatch previous = hangRelease;
        hangRelease = new CountDownLatch(1);
        previous.countDown();
    }

    /** Stops at once: open connections (streams, hangs) are dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hangRelease.countDown();
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    RuleBook ruleBook() {
        return ruleBook.get();
    }

    ChatCompletions.Timing timing(Rule rule) {
        return new ChatCompletions.Timing(
                rule.timeToFirstTokenOverride() != null ? rule.timeToFirstTokenOverride() : config.timeToFirstToken(),
                rule.tokenDelayOverride() != null ? rule.tokenDelayOverride() : config.tokenDelay(),
                rule.extraLatencyOverride() != null ? rule.extraLatencyOverride() : config.extraLatency());
    }

    /** Blocks like a provider that never answers, then drops the connection. */
    void hang() {
        CountDownLatch release = hangRelease;
        if (!closed) {
            try {
                release.await(config.maxHang().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AbortConnection("scripted hang ended");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            exchange.getResponseHeaders().set("x-request-id", HttpIo.requestId());
            route(exchange);
            exchange.close();
        } catch (AbortConnection abort) {
            // Leave the exchange unfinished: the JDK server then closes the socket without ending the response.
            throw abort;
        } catch (ApiError error) {
            respondWithError(exchange, error);
        } catch (IOException clientGone) {
            exchange.close();
        } catch (RuntimeException unexpected) {
            log.warn("mock-llm failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), unexpected);
            respondWithError(exchange, new ApiError(500, "mock-llm internal error", "server_error", null, null));
        }
    }

    private static void respondWithError(HttpExchange exchange, ApiError error) throws IOException {
        if (exchange.getResponseCode() != -1) {
            // Headers already went out; the best signal left is a dropped connection.
            throw new AbortConnection(error.getMessage());
        }
        try {
            HttpIo.sendError(exchange, error);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.startsWith("/_mock/")) {
            control.handle(exchange, path, readBody(exchange));
            return;
        }
        RecordedRequest recorded = new RecordedRequest(
                requestLog.nextSequence(),
                method,
                path,
                exchange.getRequestURI().getRawQuery(),
                copyHeaders(exchange),
                "",
                Instant.now());
        byte[] body;
        try {
            body = readBody(exchange);
        } catch (ApiError tooLarge) {
            requestLog.add(recorded);
            throw tooLarge;
        }
        requestLog.add(new RecordedRequest(
                recorded.sequence(),
                method,
                path,
                recorded.query(),
                recorded.headers(),
                new String(body, StandardCharsets.UTF_8),
                recorded.receivedAt()));
        checkApiKey(exchange);
        switch (path) {
            case "/v1/chat/completions" -> {
                requireMethod(method, "POST", path);
                chat.handle(exchange, body);
            }
            case "/v1/embeddings" -> {
                requireMethod(method, "POST", path);
                embeddings.handle(exchange, body);
            }
            case "/v1/models" -> {
                requireMethod(method, "GET", path);
                ObjectNode list = Json.MAPPER.createObjectNode();
                list.put("object", "list");
                ArrayNode data = list.putArray("data");
                for (String model : config.models()) {
                    data.add(model(model));
                }
                HttpIo.sendJson(exchange, 200, list);
            }
            default -> {
                if (path.startsWith("/v1/models/") && method.equals("GET")) {
                    String id = path.substring("/v1/models/".length());
                    if (config.models().contains(id)) {
                        HttpIo.sendJson(exchange, 200, model(id));
                        return;
                    }
                    throw new ApiError(
                            404,
                            "The model '" + id + "' does not exist",
                            "invalid_request_error",
                            "model",
                            "model_not_found");
                }
                throw new ApiError(
                        404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
            }
        }
    }

    private static ObjectNode model(String id) {
        ObjectNode model = Json.MAPPER.createObjectNode();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", 1_700_000_000L);
        model.put("owned_by", "mock-llm");
        return model;
    }

    private void checkApiKey(HttpExchange exchange) {
        String required = config.requiredApiKey();
        if (required == null) {
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(
                    401,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header"
                            + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error",
                    null,
                    null);
        }
        if (!authorization.substring(7).trim().equals(required)) {
            throw new ApiError(401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
        }
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new ApiError(
                    405, "Invalid method for URL (" + method + " " + path + ")", "invalid_request_error", null, null);
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        long max = config.maxRequestBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > max) {
                    throw tooLarge(max);
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Invalid Content-Length header", null);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static ApiError tooLarge(long max) {
        return new ApiError(
                413,
                "Request body too large: the limit is " + max + " bytes.",
                "invalid_request_error",
                null,
                "request_too_large");
    }

    private static Map<String, List<String>> copyHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(headers);
    }
}
