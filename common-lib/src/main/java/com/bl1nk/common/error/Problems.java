package com.bl1nk.common.error;

import com.bl1nk.common.trace.TraceContext;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem bodies in the one shape every bl1nk service returns (stable type URI, code, traceId). */
public final class Problems {

    /** Prefix of every problem {@code type} URI; the code follows it. */
    public static final String TYPE_PREFIX = "https://bl1nk.dev/problems/";

    /** Problem property holding the stable machine-readable code. */
    public static final String CODE = "code";

    /** Problem property holding the trace id of the failed request. */
    public static final String TRACE_ID = "traceId";

    /** Problem property holding validation errors, a list of {@link FieldError}. */
    public static final String ERRORS = "errors";

    /** Detail used for every unexpected server error, so no exception message ever leaks. */
    public static final String INTERNAL_ERROR_DETAIL =
            "An unexpected error occurred. Quote the traceId when reporting it.";

    private Problems() {}

    /** A problem for {@code status} with a stable {@code code}; traceId comes from the current {@link TraceContext}. */
    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        return enrich(pd, code, TraceContext.currentTraceId());
    }

    /** A problem for a catalogued {@code code} (its status and code); traceId from the current {@link TraceContext}. */
    public static ProblemDetail of(ErrorCode code, String detail) {
        return of(code.status(), code.code(), detail);
    }

    /** Adds {@code type}, {@code title}, {@code code} and (when known) {@code traceId} to an existing problem. */
    public static ProblemDetail enrich(ProblemDetail pd, String code, String traceId) {
        pd.setType(type(code));
        pd.setTitle(title(code));
        pd.setProperty(CODE, code);
        if (traceId != null) {
            pd.setProperty(TRACE_ID, traceId);
        }
        return pd;
    }

    /** The type URI for a code: {@code https://bl1nk.dev/problems/<code>}. */
    public static URI type(String code) {
        return URI.create(TYPE_PREFIX + code);
    }

    /** A human title derived from the code: {@code validation_failed} becomes {@code Validation failed}. */
    public static String title(String code) {
        String words = code.replace('_', ' ').replace('-', ' ').strip();
        if (words.isEmpty()) {
            return "Error";
        }
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    /** The generic code for an HTTP status, used when nothing more specific is known. */
    public static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> CommonErrorCode.BAD_REQUEST.code();
            case 401 -> CommonErrorCode.UNAUTHENTICATED.code();
            case 403 -> CommonErrorCode.FORBIDDEN.code();
            case 404 -> CommonErrorCode.NOT_FOUND.code();
            case 405 -> CommonErrorCode.METHOD_NOT_ALLOWED.code();
            case 406 -> CommonErrorCode.NOT_ACCEPTABLE.code();
            case 409 -> CommonErrorCode.CONFLICT.code();
            case 410 -> CommonErrorCode.GONE.code();
            case 412 -> CommonErrorCode.PRECONDITION_FAILED.code();
            case 413 -> CommonErrorCode.PAYLOAD_TOO_LARGE.code();
            case 415 -> CommonErrorCode.UNSUPPORTED_MEDIA_TYPE.code();
            case 422 -> CommonErrorCode.UNPROCESSABLE.code();
            case 429 -> CommonErrorCode.TOO_MANY_REQUESTS.code();
            case 500 -> CommonErrorCode.INTERNAL_ERROR.code();
            case 501 -> CommonErrorCode.NOT_IMPLEMENTED.code();
            case 502 -> CommonErrorCode.BAD_GATEWAY.code();
            case 503 -> CommonErrorCode.SERVICE_UNAVAILABLE.code();
            case 504 -> CommonErrorCode.GATEWAY_TIMEOUT.code();
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                if (known != null) {
                    yield known.name().toLowerCase(Locale.ROOT);
                }
                yield status.is5xxServerError() ? CommonErrorCode.INTERNAL_ERROR.code() : "http_" + status.value();
            }
        };
    }

    /** The code stored in a problem, or {@code null}. */
    public static String codeOf(ProblemDetail pd) {
        Object code = pd.getProperties() == null ? null : pd.getProperties().get(CODE);
        return code == null ? null : code.toString();
    }

    /** One validation error: which field (or parameter) and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
