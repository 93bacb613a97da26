package com.bl1nk.common.error;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The one exception services throw for an expected failure; it carries its HTTP status and stable problem code so the
 * common handler renders the same problem+json everywhere. Subclass it for domain errors with their own factories.
 */
public class ApiException extends ErrorResponseException {

    private final String code;

    /** For subclasses: a problem with {@code status}, stable {@code code} and human {@code detail}. */
    protected ApiException(HttpStatusCode status, String code, String detail) {
        this(status, code, detail, null);
    }

    /** For subclasses: like {@link #ApiException(HttpStatusCode, String, String)} with an underlying cause. */
    protected ApiException(HttpStatusCode status, String code, String detail, Throwable cause) {
        super(status, problem(status, code, detail), cause);
        this.code = code;
    }

    /** For subclasses: a problem with {@code code}'s status and code and the human {@code detail}. */
    protected ApiException(ErrorCode code, String detail) {
        this(code.status(), code.code(), detail, null);
    }

    /** For subclasses: like {@link #ApiException(ErrorCode, String)} with an underlying cause. */
    protected ApiException(ErrorCode code, String detail, Throwable cause) {
        this(code.status(), code.code(), detail, cause);
    }

    private static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(Problems.type(code));
        pd.setTitle(Problems.title(code));
        pd.setProperty(Problems.CODE, code);
        return pd;
    }

    /** The problem of a catalogued {@code code} (its status and code) with the human {@code detail}. */
    public static ApiException of(ErrorCode code, String detail) {
        return new ApiException(code, detail);
    }

    /** Any status and code. */
    public static ApiException of(HttpStatusCode status, String code, String detail) {
        return new ApiException(status, code, detail);
    }

    /** 404 {@code not_found}; also what another tenant's resource looks like. */
    public static ApiException notFound(String resource, Object id) {
        return new ApiException(
                HttpStatus.NOT_FOUND, CommonErrorCode.NOT_FOUND.code(), resource + " " + id + " was not found");
    }

    /** 400 with a specific code. */
    public static ApiException badRequest(String code, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
    }

    /** 400 {@code validation_failed} for one field, in the same shape as bean validation errors. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(CommonErrorCode.VALIDATION_FAILED, "Request validation failed")
                .withProperty(Problems.ERRORS, List.of(new Problems.FieldError(field, message)));
    }

    /** 401 {@code unauthenticated}. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(CommonErrorCode.UNAUTHENTICATED, detail);
    }

    /** 402 with a specific code, e.g. {@code budget_exceeded}. */
    public static ApiException paymentRequired(String code, String detail) {
        return new ApiException(HttpStatus.PAYMENT_REQUIRED, code, detail);
    }

    /** 403 {@code forbidden}. */
    public static ApiException forbidden(String detail) {
        return new ApiException(CommonErrorCode.FORBIDDEN, detail);
    }

    /** 403 with a specific code, e.g. {@code missing_scope}. */
    public static ApiException forbidden(String code, String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, code, detail);
    }

    /** 409 with a specific code. */
    public static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, detail);
    }

    /** 413 {@code payload_too_large}. */
    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(CommonErrorCode.PAYLOAD_TOO_LARGE, detail);
    }

    /** 415 {@code unsupported_media_type}. */
    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    /** 422 with a specific code. */
    public static ApiException unprocessable(String code, String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
    }

    /** 429 with a specific code and a {@code Retry-After} header in whole seconds (rounded up, at least 1). */
    public static ApiException tooManyRequests(String code, String detail, Duration retryAfter) {
        return withRetryAfter(new ApiException(HttpStatus.TOO_MANY_REQUESTS, code, detail), retryAfter);
    }

    /** A catalogued {@code code} with a {@code Retry-After} header in whole seconds (rounded up, at least 1). */
    public static ApiException withRetryAfter(ErrorCode code, String detail, Duration retryAfter) {
        return withRetryAfter(new ApiException(code, detail), retryAfter);
    }

    private static ApiException withRetryAfter(ApiException e, Duration retryAfter) {
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            e.getBody().setProperty("retryAfterSeconds", seconds);
        }
        return e;
    }

    /** 502 with a specific code, for a downstream that answered badly. */
    public static ApiException badGateway(String code, String detail) {
        return new ApiException(HttpStatus.BAD_GATEWAY, code, detail);
    }

    /** 503 with a specific code. */
    public static ApiException serviceUnavailable(String code, String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, detail);
    }

    /** 504 with a specific code, for a downstream that did not answer in time. */
    public static ApiException gatewayTimeout(String code, String detail) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, code, detail);
    }

    /** Adds a property to the problem body (e.g. {@code limit}, {@code errors}); returns this for chaining. */
    public ApiException withProperty(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    /** Adds a response header (e.g. {@code Retry-After}); returns this for chaining. */
    public ApiException withHeader(String name, String value) {
        getHeaders().set(name, value);
        return this;
    }

    /** The stable machine-readable code, also the last segment of the problem type. */
    public String code() {
        return code;
    }

    /** The human detail of the problem. */
    public String detail() {
        return getBody().getDetail();
    }
}
