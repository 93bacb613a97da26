package com.bl1nk.task.llm.provider;

import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A provider call that did not produce an answer, classified so the retry layer can decide between retrying the same
 * provider, failing over to the next candidate, or giving up.
 */
public final class UpstreamFailure extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** The provider answered with an HTTP error status. */
        HTTP_STATUS,
        /** No answer (headers, first token or next chunk) within the configured time. */
        TIMEOUT,
        /** The connection could not be made or broke (refused, reset, closed early). */
        CONNECTION,
        /** The provider answered 2xx with something that is not a valid completion. */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final JsonNode errorBody;

    private UpstreamFailure(
            Kind kind, int status, Duration retryAfter, JsonNode errorBody, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.errorBody = errorBody;
    }

    /** An HTTP error answer; {@code errorBody} is the provider's parsed JSON body when it had one. */
    public static UpstreamFailure status(int status, Duration retryAfter, JsonNode errorBody, String message) {
        return new UpstreamFailure(Kind.HTTP_STATUS, status, retryAfter, errorBody, message, null);
    }

    /** Nothing arrived in time. */
    public static UpstreamFailure timeout(String message) {
        return new UpstreamFailure(Kind.TIMEOUT, 0, null, null, message, null);
    }

    /** The connection failed or broke. */
    public static UpstreamFailure connection(String message, Throwable cause) {
        return new UpstreamFailure(Kind.CONNECTION, 0, null, null, message, cause);
    }

    /** A 2xx answer that could not be understood. */
    public static UpstreamFailure badResponse(String message) {
        return new UpstreamFailure(Kind.BAD_RESPONSE, 0, null, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was none. */
    public int status() {
        return status;
    }

    /** What the provider's {@code Retry-After} asked for, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The provider's error JSON, or {@code null}. */
    public JsonNode errorBody() {
        return errorBody;
    }

    /** Worth trying again on the same provider: 408/429/5xx, timeouts and broken connections. */
    public boolean retryable() {
        return switch (kind) {
            case TIMEOUT, CONNECTION -> true;
            case BAD_RESPONSE -> false;
            case HTTP_STATUS -> status == 408 || status == 409 || status == 429 || status >= 500;
        };
    }

    /** The request itself exceeds the model's context window: another model with a bigger window may take it. */
    public boolean contextLengthExceeded() {
        if (kind != Kind.HTTP_STATUS || (status != 400 && status != 413 && status != 422)) {
            return false;
        }
        String text = errorBody == null ? "" : errorBody.toString().toLowerCase(Locale.ROOT);
        return text.contains("context_length_exceeded")
                || text.contains("context length")
                || text.contains("maximum context")
                || text.contains("too many tokens");
    }

    /** Whether this says something about the provider's health (as opposed to the caller's request). */
    public boolean countsAgainstProvider() {
        if (kind != Kind.HTTP_STATUS) {
            return true;
        }
        return status == 401 || status == 403 || retryable();
    }
}
