package com.bl1nk.common.error;

import org.springframework.http.HttpStatus;

/**
 * The codes every service may answer: those of common-lib's factories, handlers and helpers (validation, identity,
 * paging, idempotency) and the generic code of each status. A service's own catalogue lists only its own codes.
 */
public enum CommonErrorCode implements ErrorCode {
    BAD_REQUEST("bad_request", HttpStatus.BAD_REQUEST, "The request could not be understood"),
    VALIDATION_FAILED(
            "validation_failed", HttpStatus.BAD_REQUEST, "A field or parameter is invalid; `errors` lists each one"),
    MALFORMED_BODY("malformed_body", HttpStatus.BAD_REQUEST, "The body is not valid JSON"),
    INVALID_REQUEST(
            "invalid_request",
            HttpStatus.BAD_REQUEST,
            "A value in the body has the wrong type or the request is invalid; `field` names it by its JSON path"
                    + " (OpenAI's `param` under /v1) and `expected` the JSON type it must have"),
    INVALID_VALUE("invalid_value", HttpStatus.BAD_REQUEST, "A value was refused by the database's constraints"),
    MISSING_PARAMETER("missing_parameter", HttpStatus.BAD_REQUEST, "A required query parameter or part is missing"),
    MISSING_HEADER("missing_header", HttpStatus.BAD_REQUEST, "A required header is missing"),
    TYPE_MISMATCH("type_mismatch", HttpStatus.BAD_REQUEST, "A path or query value has the wrong type"),
    INVALID_CURSOR("invalid_cursor", HttpStatus.BAD_REQUEST, "The list cursor is malformed; pass back `nextCursor`"),
    INVALID_LIMIT("invalid_limit", HttpStatus.BAD_REQUEST, "The list `limit` is out of range"),
    INVALID_IDEMPOTENCY_KEY(
            "invalid_idempotency_key", HttpStatus.BAD_REQUEST, "The `Idempotency-Key` header is empty or too long"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "No valid credentials or identity token"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "The caller may not do this"),
    MISSING_SCOPE("missing_scope", HttpStatus.FORBIDDEN, "The API key lacks the scope the endpoint requires"),
    MISSING_ROLE("missing_role", HttpStatus.FORBIDDEN, "The caller's role does not grant the required permission"),
    CALLER_NOT_ALLOWED(
            "caller_not_allowed", HttpStatus.FORBIDDEN, "The calling service may not use this internal operation"),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "No such resource (also what another tenant's resource looks like)"),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "The path does not accept this method"),
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "No representation matches the `Accept` header"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "The request conflicts with the resource's state"),
    IDEMPOTENCY_REQUEST_IN_FLIGHT(
            "idempotency_request_in_flight",
            HttpStatus.CONFLICT,
            "A request with this `Idempotency-Key` is still running; retry later"),
    GONE("gone", HttpStatus.GONE, "The resource existed but is gone"),
    PRECONDITION_FAILED("precondition_failed", HttpStatus.PRECONDITION_FAILED, "A request precondition failed"),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE, "The body is larger than allowed"),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body's content type is not accepted"),
    UNPROCESSABLE("unprocessable", HttpStatus.UNPROCESSABLE_CONTENT, "The request is well-formed but cannot be done"),
    IDEMPOTENCY_KEY_REUSED(
            "idempotency_key_reused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The `Idempotency-Key` was already used with a different body"),
    TOO_MANY_REQUESTS("too_many_requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests; see `Retry-After`"),
    INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error; the log has the trace id"),
    NOT_IMPLEMENTED("not_implemented", HttpStatus.NOT_IMPLEMENTED, "The operation is not implemented"),
    BAD_GATEWAY("bad_gateway", HttpStatus.BAD_GATEWAY, "A downstream answered badly"),
    SERVICE_UNAVAILABLE("service_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable; retry"),
    GATEWAY_TIMEOUT("gateway_timeout", HttpStatus.GATEWAY_TIMEOUT, "A downstream did not answer in time");

    private final String code;
    private final HttpStatus status;
    private final String meaning;

    CommonErrorCode(String code, HttpStatus status, String meaning) {
        this.code = code;
        this.status = status;
        this.meaning = meaning;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
