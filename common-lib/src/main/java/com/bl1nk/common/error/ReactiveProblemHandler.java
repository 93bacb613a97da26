package com.bl1nk.common.error;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * The WebFlux (gateway) counterpart of {@link ProblemExceptionHandler}: renders every unhandled exception as
 * problem+json with a stable code and trace id, and never echoes the message of an unexpected error. Ordered before
 * Boot's default error handler, which backs off when this bean exists.
 */
public class ReactiveProblemHandler implements ErrorWebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ReactiveProblemHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            // an everyday event (a closed tab, a killed curl): nothing to answer and nothing wrong on our side
            log.info("client went away on {}: {}", exchange.getRequest().getPath(), ex.toString());
            return Mono.empty();
        }
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        Mapped mapped = map(ex);
        ProblemDetail pd = mapped.problem();
        String traceId = traceId(exchange);
        HttpStatusCode status = HttpStatusCode.valueOf(pd.getStatus());
        if (status.is5xxServerError() && !(ex instanceof ApiException) && !mapped.safeDetail()) {
            log.error(
                    "Unhandled {} on {} (traceId={})",
                    ex.getClass().getName(),
                    exchange.getRequest().getPath(),
                    traceId,
                    ex);
            pd.setDetail(Problems.INTERNAL_ERROR_DETAIL);
        } else {
            log.debug(
                    "{} {} on {}: {}",
                    pd.getStatus(),
                    mapped.code(),
                    exchange.getRequest().getPath(),
                    ex.toString());
        }
        if (ex instanceof ErrorResponse er) {
            er.getHeaders()
                    .forEach((name, values) ->
                            exchange.getResponse().getHeaders().put(name, values));
        }
        return ReactiveProblemWriter.write(exchange, pd, mapped.code());
    }

    private static Mapped map(Throwable ex) {
        if (ex instanceof ApiException api) {
            return new Mapped(copy(api.getBody()), api.code(), true);
        }
        if (ex instanceof WebExchangeBindException bind) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Request validation failed");
            List<Problems.FieldError> errors = new ArrayList<>();
            for (ObjectError error : bind.getAllErrors()) {
                String field = error instanceof FieldError fe ? fe.getField() : error.getObjectName();
                String message = error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
                errors.add(new Problems.FieldError(field, message));
            }
            pd.setProperty(Problems.ERRORS, errors);
            return new Mapped(pd, CommonErrorCode.VALIDATION_FAILED.code(), true);
        }
        if (ex instanceof ServerWebInputException input) {
            var wrongType = JsonBodyErrors.problemFor(input);
            if (wrongType.isPresent()) {
                return new Mapped(wrongType.get(), CommonErrorCode.INVALID_REQUEST.code(), true);
            }
            boolean malformed = hasCause(input, DecodingException.class);
            String code = malformed ? CommonErrorCode.MALFORMED_BODY.code() : CommonErrorCode.BAD_REQUEST.code();
            String detail = malformed ? "Failed to read request body" : input.getReason();
            return new Mapped(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), code, true);
        }
        if (ex instanceof MethodNotAllowedException e) {
            return new Mapped(copy(e.getBody()), CommonErrorCode.METHOD_NOT_ALLOWED.code(), true);
        }
        if (ex instanceof NotAcceptableStatusException e) {
            return new Mapped(copy(e.getBody()), CommonErrorCode.NOT_ACCEPTABLE.code(), true);
        }
        if (ex instanceof UnsupportedMediaTypeStatusException e) {
            return new Mapped(copy(e.getBody()), CommonErrorCode.UNSUPPORTED_MEDIA_TYPE.code(), true);
        }
        if (ex instanceof PayloadTooLargeException e) {
            return new Mapped(copy(e.getBody()), CommonErrorCode.PAYLOAD_TOO_LARGE.code(), true);
        }
        if (ex instanceof ErrorResponse er) {
            HttpStatusCode status = er.getStatusCode();
            String code = Problems.codeOf(er.getBody());
            boolean safe = !status.is5xxServerError() || status.value() != 500;
            return new Mapped(copy(er.getBody()), code != null ? code : Problems.codeFor(status), safe);
        }
        if (hasCause(ex, ConnectException.class)) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(
                    HttpStatus.SERVICE_UNAVAILABLE, "The upstream service is not reachable");
            return new Mapped(pd, CommonErrorCode.SERVICE_UNAVAILABLE.code(), true);
        }
        if (hasCause(ex, TimeoutException.class)) {
            ProblemDetail pd =
                    ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, "The upstream service timed out");
            return new Mapped(pd, CommonErrorCode.GATEWAY_TIMEOUT.code(), true);
        }
        var data = DataErrors.classify(ex);
        if (data.isPresent()) {
            return new Mapped(
                    ProblemDetail.forStatusAndDetail(
                            data.get().status(), data.get().detail()),
                    data.get().code(),
                    true);
        }
        return new Mapped(
                ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR),
                CommonErrorCode.INTERNAL_ERROR.code(),
                false);
    }

    private static ProblemDetail copy(ProblemDetail source) {
        ProblemDetail pd =
                ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(source.getStatus()), source.getDetail());
        if (source.getInstance() != null) {
            pd.setInstance(source.getInstance());
        }
        if (source.getProperties() != null) {
            source.getProperties().forEach(pd::setProperty);
        }
        return pd;
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String traceId(ServerWebExchange exchange) {
        Traceparent tp = exchange.getAttribute(TraceContext.ATTRIBUTE);
        return tp != null ? tp.traceId() : TraceContext.currentTraceId();
    }

    @Override
    public int getOrder() {
        return -2;
    }

    private record Mapped(ProblemDetail problem, String code, boolean safeDetail) {}
}
