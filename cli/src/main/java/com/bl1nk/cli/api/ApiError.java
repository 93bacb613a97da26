package com.bl1nk.cli.api;

/**
 * A call to the platform did not succeed: the server refused it (with its problem) or could not be reached. The message
 * is the one line the user sees after {@code error: }; it never contains the API key.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String traceId;

    public ApiError(int status, String message, String traceId) {
        super(message);
        this.status = status;
        this.traceId = traceId;
    }

    /** A failure before any HTTP status (connection refused, timeout). */
    public static ApiError unreachable(String message) {
        return new ApiError(0, message, null);
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The server's trace id of the failed request, if it sent one. */
    public String traceId() {
        return traceId;
    }
}
