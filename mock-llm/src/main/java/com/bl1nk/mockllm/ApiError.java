package com.bl1nk.mockllm;

/** A request the mock refuses, answered in OpenAI's error shape ({@code {"error": {message, type, param, code}}}). */
final class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    ApiError(int status, String message, String type, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static ApiError badRequest(String message, String param) {
        return new ApiError(400, message, "invalid_request_error", param, null);
    }

    static ApiError invalidJson() {
        return new ApiError(
                400,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
                        + " HTTP library correctly. The OpenAI API expects a JSON payload.)",
                "invalid_request_error",
                null,
                null);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
