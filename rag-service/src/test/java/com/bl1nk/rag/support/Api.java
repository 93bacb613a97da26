package com.bl1nk.rag.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for the running service that never throws on 4xx/5xx, so tests assert statuses. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;

    public Api(int port) {
        this.client = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** A response: status, content type and body as JSON (null when empty or not JSON). */
    public record Response(int status, String contentType, JsonNode json, String body) {}

    public Response get(String token, String path) {
        return call(HttpMethod.GET, token, path, null, null, null);
    }

    public Response delete(String token, String path) {
        return call(HttpMethod.DELETE, token, path, null, null, null);
    }

    public Response post(String token, String path, Object jsonBody) {
        return call(HttpMethod.POST, token, path, jsonBody, MediaType.APPLICATION_JSON, null);
    }

    /** POST with an {@code Idempotency-Key}. */
    public Response postIdempotent(String token, String path, Object jsonBody, String idempotencyKey) {
        return call(HttpMethod.POST, token, path, jsonBody, MediaType.APPLICATION_JSON, idempotencyKey);
    }

    /** Multipart upload of {@code bytes} as part {@code file} named {@code filename}. */
    public Response upload(String token, String path, String filename, String contentType, byte[] bytes) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        org.springframework.http.HttpHeaders partHeaders = new org.springframework.http.HttpHeaders();
        partHeaders.setContentType(MediaType.parseMediaType(contentType));
        ByteArrayResource resource = new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
        parts.add("file", new org.springframework.http.HttpEntity<>(resource, partHeaders));
        return call(HttpMethod.POST, token, path, parts, MediaType.MULTIPART_FORM_DATA, null);
    }

    private Response call(
            HttpMethod method, String token, String path, Object body, MediaType type, String idempotencyKey) {
        RestClient.RequestBodySpec spec = client.method(method).uri(path);
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        if (token != null) {
            spec.header("X-Bl1nk-Identity", token);
        }
        if (body != null) {
            spec.contentType(type).body(body);
        }
        return spec.exchange((request, response) -> {
            String text = StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8);
            MediaType ct = response.getHeaders().getContentType();
            return new Response(response.getStatusCode().value(), ct == null ? null : ct.toString(), parse(text), text);
        });
    }

    private static JsonNode parse(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
