package com.bl1nk.task.llm.openai;

import com.bl1nk.common.error.Problems;
import com.bl1nk.common.trace.TraceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Renders every error of the OpenAI-compatible endpoints in OpenAI's error JSON ({@code {"error": {message, type,
 * param, code}}}), because OpenAI SDKs parse that shape and not problem+json.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {ChatCompletionsController.class, OpenAiModelsController.class})
class OpenAiErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<Map<String, Object>> known(ErrorResponseException e) {
        return fromErrorResponse(e);
    }

    static ResponseEntity<Map<String, Object>> fromErrorResponse(ErrorResponse e) {
        ProblemDetail pd = e.getBody();
        String code = Problems.codeOf(pd);
        if (code == null) {
            code = Problems.codeFor(e.getStatusCode());
        }
        String param = null;
        Object errors = pd.getProperties() == null ? null : pd.getProperties().get(Problems.ERRORS);
        if (errors instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Problems.FieldError fe) {
            param = fe.field();
        }
        String message = pd.getDetail() == null ? pd.getTitle() : pd.getDetail();
        if (param != null && errors instanceof List<?> list && list.getFirst() instanceof Problems.FieldError fe) {
            message = "'" + fe.field() + "' " + fe.message();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(e.getHeaders());
        return body(e.getStatusCode(), message, param, code, headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        if (e instanceof ErrorResponse known) {
            return fromErrorResponse(known); // Spring MVC's own 4xx (e.g. unreadable request, bad media type)
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // the client hung up before the answer was written: nothing to answer, nothing wrong on our side
            log.info("client went away on the OpenAI-compatible API: {}", e.toString());
            return null;
        }
        log.error("unexpected error on the OpenAI-compatible API", e);
        return body(
                HttpStatusCode.valueOf(500), Problems.INTERNAL_ERROR_DETAIL, null, "internal_error", new HttpHeaders());
    }

    private static ResponseEntity<Map<String, Object>> body(
            HttpStatusCode status, String message, String param, String code, HttpHeaders headers) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", typeFor(status.value()));
        error.put("param", param);
        error.put("code", code);
        String traceId = TraceContext.currentTraceId();
        if (traceId != null) {
            error.put("trace_id", traceId);
        }
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", error));
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
