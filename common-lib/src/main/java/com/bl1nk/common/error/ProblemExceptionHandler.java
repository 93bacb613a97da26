package com.bl1nk.common.error;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every exception leaving a Spring MVC controller into problem+json with a stable code and the trace id, so
 * clients can rely on one error shape; unexpected errors become 500 {@code internal_error} without their message.
 * Registered at lowest precedence so a service's own advice wins for the exceptions it handles.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private static final boolean BEAN_VALIDATION_PRESENT =
            ClassUtils.isPresent("jakarta.validation.ConstraintViolationException", null);

    /** Renders anything the base class does not know: {@link ErrorResponse}s, {@code @ResponseStatus}, the rest 500. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            // an everyday event (a closed tab, a killed curl): nothing to answer and nothing wrong on our side
            log.info("client went away on {}: {}", path(request), ex.toString());
            return null;
        }
        if (BEAN_VALIDATION_PRESENT && ConstraintViolations.isConstraintViolation(ex)) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Request validation failed");
            pd.setProperty(Problems.ERRORS, ConstraintViolations.fieldErrors(ex));
            return render(
                    ex,
                    pd,
                    new HttpHeaders(),
                    HttpStatus.BAD_REQUEST,
                    CommonErrorCode.VALIDATION_FAILED.code(),
                    request);
        }
        if (ex instanceof ErrorResponse er) {
            return render(
                    ex, er.getBody(), er.getHeaders(), er.getStatusCode(), codeFor(ex, er.getStatusCode()), request);
        }
        ResponseStatus rs = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
        if (rs != null) {
            HttpStatus status = rs.code();
            String reason = rs.reason().isEmpty() ? status.getReasonPhrase() : rs.reason();
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, reason);
            return render(ex, pd, new HttpHeaders(), status, Problems.codeFor(status), request);
        }
        var data = DataErrors.classify(ex);
        if (data.isPresent()) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(
                    data.get().status(), data.get().detail());
            return render(
                    ex, pd, new HttpHeaders(), data.get().status(), data.get().code(), request);
        }
        ProblemDetail pd = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
        return render(
                ex,
                pd,
                new HttpHeaders(),
                HttpStatus.INTERNAL_SERVER_ERROR,
                CommonErrorCode.INTERNAL_ERROR.code(),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail pd;
        if (ex instanceof HttpMessageNotReadableException) {
            var wrongType = JsonBodyErrors.problemFor(ex);
            if (wrongType.isPresent()) {
                return render(
                        ex, wrongType.get(), headers, statusCode, CommonErrorCode.INVALID_REQUEST.code(), request);
            }
        }
        if (body instanceof ProblemDetail p) {
            pd = p;
        } else if (ex instanceof ErrorResponse er) {
            pd = er.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        } else {
            pd = ProblemDetail.forStatus(statusCode);
        }
        return render(ex, pd, headers, statusCode, codeFor(ex, statusCode), request);
    }

    private ResponseEntity<Object> render(
            Exception ex,
            ProblemDetail pd,
            HttpHeaders headers,
            HttpStatusCode status,
            String code,
            WebRequest request) {
        String traceId = traceId(request);
        boolean expected = ex instanceof ApiException;
        if (status.is5xxServerError() && !expected) {
            // Unexpected: never echo the exception message; the log line carries it with the trace id.
            log.error("Unhandled {} on {} (traceId={})", ex.getClass().getName(), path(request), traceId, ex);
            code = status.value() == 500 ? CommonErrorCode.INTERNAL_ERROR.code() : code;
            pd.setDetail(Problems.INTERNAL_ERROR_DETAIL);
        } else if (status.is5xxServerError()) {
            log.warn("{} {} on {} (traceId={}): {}", status.value(), code, path(request), traceId, ex.getMessage());
        } else {
            log.debug("{} {} on {}: {}", status.value(), code, path(request), ex.getMessage());
        }
        if (ex instanceof MethodArgumentNotValidException manv) {
            pd.setProperty(Problems.ERRORS, fieldErrors(manv.getBindingResult()));
        } else if (ex instanceof HandlerMethodValidationException hmve) {
            pd.setProperty(Problems.ERRORS, fieldErrors(hmve));
        }
        String path = path(request);
        if (pd.getInstance() == null && path != null) {
            pd.setInstance(URI.create(path));
        }
        Problems.enrich(pd, code, traceId);
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        if (ProblemJson.isOpenAiPath(path)) {
            // the OpenAI-compatible API answers errors the way OpenAI's SDKs read them
            out.remove(HttpHeaders.CONTENT_TYPE);
            return ResponseEntity.status(status)
                    .headers(out)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ProblemJson.toOpenAiMap(pd));
        }
        return super.handleExceptionInternal(ex, pd, out, status, request);
    }

    /** The stable code for a framework exception; {@link ApiException}s carry their own. */
    static String codeFor(Exception ex, HttpStatusCode status) {
        if (ex instanceof ApiException api) {
            return api.code();
        }
        if (ex instanceof MethodArgumentNotValidException || ex instanceof HandlerMethodValidationException) {
            return CommonErrorCode.VALIDATION_FAILED.code();
        }
        if (ex instanceof HttpMessageNotReadableException) {
            return CommonErrorCode.MALFORMED_BODY.code();
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return CommonErrorCode.UNSUPPORTED_MEDIA_TYPE.code();
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return CommonErrorCode.NOT_ACCEPTABLE.code();
        }
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return CommonErrorCode.METHOD_NOT_ALLOWED.code();
        }
        if (ex instanceof NoHandlerFoundException || ex instanceof NoResourceFoundException) {
            return CommonErrorCode.NOT_FOUND.code();
        }
        if (ex instanceof MaxUploadSizeExceededException) {
            return CommonErrorCode.PAYLOAD_TOO_LARGE.code();
        }
        if (ex instanceof MissingServletRequestParameterException || ex instanceof MissingServletRequestPartException) {
            return CommonErrorCode.MISSING_PARAMETER.code();
        }
        if (ex instanceof MissingRequestHeaderException) {
            return CommonErrorCode.MISSING_HEADER.code();
        }
        if (ex instanceof TypeMismatchException && status.is4xxClientError()) {
            return CommonErrorCode.TYPE_MISMATCH.code();
        }
        if (ex instanceof ServletRequestBindingException) {
            return CommonErrorCode.BAD_REQUEST.code();
        }
        if (ex instanceof AsyncRequestTimeoutException) {
            return CommonErrorCode.SERVICE_UNAVAILABLE.code();
        }
        if (ex instanceof ErrorResponse er) {
            String existing = Problems.codeOf(er.getBody());
            if (existing != null) {
                return existing;
            }
        }
        return Problems.codeFor(status);
    }

    private static List<Problems.FieldError> fieldErrors(org.springframework.validation.Errors result) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (ObjectError error : result.getAllErrors()) {
            String field = error instanceof FieldError fe ? fe.getField() : error.getObjectName();
            errors.add(new Problems.FieldError(field, message(error)));
        }
        return errors;
    }

    private static List<Problems.FieldError> fieldErrors(HandlerMethodValidationException ex) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (var result : ex.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            if (result instanceof org.springframework.validation.method.ParameterErrors pe) {
                errors.addAll(fieldErrors(pe));
                continue;
            }
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new Problems.FieldError(name != null ? name : "parameter", message(error)));
            }
        }
        for (MessageSourceResolvable error : ex.getCrossParameterValidationResults()) {
            errors.add(new Problems.FieldError("parameters", message(error)));
        }
        return errors;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    private static String traceId(WebRequest request) {
        String current = TraceContext.currentTraceId();
        if (current != null) {
            return current;
        }
        Object attr = request.getAttribute(TraceContext.ATTRIBUTE, WebRequest.SCOPE_REQUEST);
        return attr instanceof Traceparent tp ? tp.traceId() : null;
    }

    private static String path(WebRequest request) {
        if (request instanceof NativeWebRequest nwr && nwr.getNativeRequest() instanceof HttpServletRequest http) {
            return http.getRequestURI();
        }
        return null;
    }
}
