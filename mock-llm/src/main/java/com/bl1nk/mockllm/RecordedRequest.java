package com.bl1nk.mockllm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One request the mock received on {@code /v1/...}, so tests can assert how often and with what the upstream was
 * called.
 *
 * @param sequence 1-based order of arrival since start or the last reset
 * @param method the HTTP method
 * @param path the request path, e.g. {@code /v1/chat/completions}
 * @param query the raw query string, or null
 * @param headers request headers as received (names as normalised by the JDK server: {@code Authorization})
 * @param body the request body as UTF-8 text; empty when none was read (e.g. rejected as too large)
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(
        long sequence,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        String body,
        Instant receivedAt) {

    /** First value of a header, ignoring the name's case; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    /** The body parsed as JSON, or null when it is not JSON. */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
