package com.bl1nk.task.tasks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on loopback standing in for rag-service and mcp-service in integration tests: routes by
 * {@code METHOD path-prefix}, records every request.
 */
public final class FakeDownstream implements AutoCloseable {

    /** A recorded request. */
    public record Call(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    /** A canned answer. */
    public record Reply(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Function<Call, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeDownstream(HttpServer server) {
        this.server = server;
    }

    public static FakeDownstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeDownstream fake = new FakeDownstream(server);
            server.createContext("/", fake::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method} requests whose path starts with {@code pathPrefix}. */
    public FakeDownstream on(String method, String pathPrefix, Function<Call, Reply> handler) {
        routes.put(method + " " + pathPrefix, handler);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String pathPrefix) {
        return calls.stream()
                .filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix))
                .toList();
    }

    public void reset() {
        routes.clear();
        calls.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                body);
        calls.add(call);
        Reply reply = new Reply(404, "{\"detail\":\"no route\"}");
        String best = null;
        for (String key : routes.keySet()) {
            String[] parts = key.split(" ", 2);
            if (parts[0].equals(call.method())
                    && call.path().startsWith(parts[1])
                    && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        if (best != null) {
            reply = routes.get(best).apply(call);
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
