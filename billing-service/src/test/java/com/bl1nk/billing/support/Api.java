package com.bl1nk.billing.support;

import com.bl1nk.common.identity.IdentityHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for ITs that sends the identity header and keeps raw bodies, so tests see exactly the wire. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response get(String token, String path) {
        return send("GET", token, path, null, Map.of());
    }

    public Response get(String token, String path, Map<String, String> headers) {
        return send("GET", token, path, null, headers);
    }

    public Response post(String token, String path, Object body) {
        return send("POST", token, path, body, Map.of());
    }

    public Response put(String token, String path, Object body) {
        return send("PUT", token, path, body, Map.of());
    }

    public Response delete(String token, String path) {
        return send("DELETE", token, path, null, Map.of());
    }

    /** Sends {@code body} as JSON (a String is sent as is, so tests can send malformed JSON). */
    public Response send(String method, String token, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header(IdentityHeaders.IDENTITY, token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, content type and body of one response. */
    public record Response(int status, String contentType, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** Whether this is a problem+json body with the given code. */
        public boolean isProblem(String code) {
            return contentType.startsWith("application/problem+json")
                    && code.equals(json().path("code").asString());
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
