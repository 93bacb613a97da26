package com.bl1nk.cli.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an error answer into the line the user reads: a problem+json becomes {@code <title>: <detail>} followed by each
 * field it names ({@code name: must not be blank}); an OpenAI-shaped error its message and {@code param}; anything else
 * the HTTP status and the first line of the body.
 */
public final class ProblemMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY_CHARS = 300;

    private ProblemMessages() {}

    /** The error for a non-2xx answer to {@code method path}. */
    public static ApiError of(int status, String method, String path, String body) {
        JsonNode node = parse(body);
        if (node != null && node.isObject() && (node.has("title") || node.has("detail"))) {
            return new ApiError(status, fromProblem(node, status), text(node, "traceId"));
        }
        if (node != null && node.path("error").isObject()) {
            JsonNode error = node.path("error");
            String message = text(error, "message");
            String param = text(error, "param");
            StringBuilder line = new StringBuilder(message == null ? "HTTP " + status : message);
            if (param != null) {
                line.append(" (").append(param).append(')');
            }
            return new ApiError(status, line.toString(), null);
        }
        String snippet = body == null ? "" : body.strip().lines().findFirst().orElse("");
        if (snippet.length() > MAX_BODY_CHARS) {
            snippet = snippet.substring(0, MAX_BODY_CHARS) + "…";
        }
        return new ApiError(
                status,
                "HTTP " + status + " from " + method + " " + path + (snippet.isEmpty() ? "" : ": " + snippet),
                null);
    }

    /** {@code Title: detail; field: message; field2: message2}. */
    static String fromProblem(JsonNode problem, int status) {
        String title = text(problem, "title");
        String detail = text(problem, "detail");
        StringBuilder line = new StringBuilder(title == null ? "HTTP " + status : title);
        if (detail != null && !detail.equalsIgnoreCase(title)) {
            line.append(": ").append(detail);
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            String field = text(e, "field");
            String message = text(e, "message");
            if (field != null || message != null) {
                fields.add((field == null ? "" : field + ": ") + (message == null ? "invalid" : message));
            }
        }
        if (!fields.isEmpty()) {
            line.append("; ").append(String.join("; ", fields));
        }
        return line.toString();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        String s = v.isString() ? v.asString() : v.toString();
        return s.isBlank() ? null : s.strip();
    }
}
