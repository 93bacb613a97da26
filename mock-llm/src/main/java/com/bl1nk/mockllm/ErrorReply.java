package com.bl1nk.mockllm;

/**
 * A scripted HTTP error in OpenAI's error shape, for retry, failover and circuit-breaker tests.
 *
 * @param status the HTTP status (400..599)
 * @param message {@code error.message}
 * @param type {@code error.type}
 * @param code {@code error.code}, may be null
 * @param retryAfterSeconds value of the {@code Retry-After} header, or null for none
 */
public record ErrorReply(int status, String message, String type, String code, Integer retryAfterSeconds) {

    public ErrorReply {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 400..599, was " + status);
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0");
        }
        message = message == null ? defaultMessage(status) : message;
        type = type == null ? defaultType(status) : type;
        code = code == null ? defaultCode(status) : code;
    }

    /** An error with OpenAI-like message, type and code for the status. */
    public static ErrorReply of(int status, Integer retryAfterSeconds) {
        return new ErrorReply(status, null, null, null, retryAfterSeconds);
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Invalid request (mock-llm scripted error).";
            case 401 -> "Incorrect API key provided (mock-llm scripted error).";
            case 403 -> "You are not allowed to use this model (mock-llm scripted error).";
            case 404 -> "The model does not exist (mock-llm scripted error).";
            case 429 -> "Rate limit reached for requests (mock-llm scripted error).";
            case 503 -> "The engine is currently overloaded, please try again later (mock-llm scripted error).";
            default -> "The server had an error while processing your request (mock-llm scripted error).";
        };
    }

    static String defaultType(int status) {
        return switch (status) {
            case 401 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    static String defaultCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "service_unavailable";
            default -> null;
        };
    }
}
