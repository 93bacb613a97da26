package com.bl1nk.common.error;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/JSON {@code /error} endpoint so that failures outside Spring MVC (a filter throwing, a
 * container {@code sendError}) are problem+json too, with the same codes and no leaked exception messages.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object statusAttr = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttr instanceof Integer i ? i : 500;
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail pd;
        String code;
        if (error instanceof ApiException api) {
            pd = api.getBody();
            code = api.code();
        } else if (error instanceof ErrorResponse er) {
            pd = er.getBody();
            code = Problems.codeOf(pd) != null ? Problems.codeOf(pd) : Problems.codeFor(er.getStatusCode());
        } else {
            HttpStatusCode statusCode = HttpStatusCode.valueOf(status < 400 ? 500 : status);
            code = Problems.codeFor(statusCode);
            HttpStatus known = HttpStatus.resolve(statusCode.value());
            pd = ProblemDetail.forStatusAndDetail(statusCode, known != null ? known.getReasonPhrase() : null);
        }
        String traceId = traceId(request);
        if (pd.getStatus() >= 500 && !(error instanceof ApiException)) {
            if (error != null) {
                log.error("Unhandled {} on {} (traceId={})", error.getClass().getName(), uri, traceId, error);
            }
            pd.setDetail(Problems.INTERNAL_ERROR_DETAIL);
            code = pd.getStatus() == 500 ? CommonErrorCode.INTERNAL_ERROR.code() : code;
        }
        if (pd.getInstance() == null && uri instanceof String path) {
            pd.setInstance(URI.create(path));
        }
        Problems.enrich(pd, code, traceId);
        return ResponseEntity.status(pd.getStatus())
                .contentType(ProblemJson.MEDIA_TYPE)
                .body(ProblemJson.toBytes(pd));
    }

    private static String traceId(HttpServletRequest request) {
        String current = TraceContext.currentTraceId();
        if (current != null) {
            return current;
        }
        return request.getAttribute(TraceContext.ATTRIBUTE) instanceof Traceparent tp ? tp.traceId() : null;
    }
}
