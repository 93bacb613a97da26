package com.bl1nk.common.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Serialises a problem to RFC 9457 JSON without a web stack, for code that writes responses itself (filters). */
public final class ProblemJson {

    /** {@code application/problem+json}. */
    public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemJson() {}

    /** The problem as an ordered map: standard members first, then extension properties. */
    public static Map<String, Object> toMap(ProblemDetail pd) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", pd.getType().toString());
        if (pd.getTitle() != null) {
            map.put("title", pd.getTitle());
        }
        map.put("status", pd.getStatus());
        if (pd.getDetail() != null) {
            map.put("detail", pd.getDetail());
        }
        if (pd.getInstance() != null) {
            map.put("instance", pd.getInstance().toString());
        }
        if (pd.getProperties() != null) {
            pd.getProperties().forEach(map::putIfAbsent);
        }
        return map;
    }

    /**
     * The problem in OpenAI's error shape ({@code {"error": {message, type, param, code, trace_id}}}), for errors on
     * the OpenAI-compatible {@code /v1} API.
     */
    public static byte[] toOpenAiBytes(ProblemDetail pd) {
        return MAPPER.writeValueAsBytes(toOpenAiMap(pd));
    }

    /** The problem as OpenAI's error object ({@code {"error": {...}}}). */
    public static Map<String, Object> toOpenAiMap(ProblemDetail pd) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", pd.getDetail() == null ? pd.getTitle() : pd.getDetail());
        error.put("type", openAiType(pd.getStatus()));
        Map<String, Object> properties = pd.getProperties() == null ? Map.of() : pd.getProperties();
        error.put("param", param(properties));
        error.put("code", properties.get("code"));
        if (properties.get("traceId") != null) {
            error.put("trace_id", properties.get("traceId"));
        }
        return Map.of("error", error);
    }

    /** The field an error is about: {@code field}, else the first of {@code errors}; {@code null} for none. */
    private static Object param(Map<String, Object> properties) {
        if (properties.get(JsonBodyErrors.FIELD) != null) {
            return properties.get(JsonBodyErrors.FIELD);
        }
        if (properties.get(Problems.ERRORS) instanceof java.util.List<?> errors
                && !errors.isEmpty()
                && errors.getFirst() instanceof Problems.FieldError first) {
            return first.field();
        }
        return null;
    }

    /** Whether errors on {@code path} are answered in OpenAI's shape: the OpenAI-compatible API under {@code /v1/}. */
    public static boolean isOpenAiPath(String path) {
        return path != null && path.startsWith("/v1/");
    }

    private static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The problem as UTF-8 JSON bytes. */
    public static byte[] toBytes(ProblemDetail pd) {
        return MAPPER.writeValueAsBytes(toMap(pd));
    }
}
