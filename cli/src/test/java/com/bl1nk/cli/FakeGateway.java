package com.bl1nk.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback stand-in for the gateway in the client's unit tests: answers scripted per {@code METHOD path} and records
 * every request. The platform itself is exercised by the gateway module's {@code CliIT}.
 */
final class FakeGateway implements AutoCloseable {

    /** One recorded request. */
    record Request(String method, String uri, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** One answer. */
    record Answer(int status, String contentType, String body) {

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }

        static Answer problem(int status, String body) {
            return new Answer(status, "application/problem+json", body);
        }

        static Answer events(String body) {
            return new Answer(200, "text/event-stream", body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code METHOD path} (the path without query) with {@code answer}. */
    FakeGateway on(String methodAndPath, Function<Request, Answer> answer) {
        routes.put(methodAndPath, answer);
        return this;
    }

    FakeGateway on(String methodAndPath, Answer answer) {
        return on(methodAndPath, r -> answer);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
        Request request = new Request(
                exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body);
        requests.add(request);
        Function<Request, Answer> route = routes.get(
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        Answer answer = route == null
                ? Answer.problem(404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no route in the fake\"}")
                : route.apply(request);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
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
