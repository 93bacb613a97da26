package com.bl1nk.common.error;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem+json response straight to a servlet response, for filters that reject a request before Spring MVC
 * (and its exception handlers) runs. The reactive counterpart is {@link ReactiveProblemWriter}.
 */
public final class ProblemWriter {

    private ProblemWriter() {}

    /** Writes {@code status}/{@code code}/{@code detail} with the request path as {@code instance}. */
    public static void write(
            HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String code, String detail)
            throws IOException {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setInstance(URI.create(request.getRequestURI()));
        write(request, response, pd, code);
    }

    /** Writes a catalogued {@code code} (its status) with {@code detail} and the request path as {@code instance}. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        write(request, response, code.status(), code.code(), detail);
    }

    /** Writes an already built problem, adding type/title/code and the request's trace id. */
    public static void write(
            HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, String code)
            throws IOException {
        Problems.enrich(problem, code, traceId(request));
        if (ProblemJson.isOpenAiPath(request.getRequestURI())) {
            write(response, problem.getStatus(), "application/json", ProblemJson.toOpenAiBytes(problem));
            return;
        }
        write(response, problem);
    }

    /** Writes the problem as it is; does nothing if the response is already committed. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        write(response, problem.getStatus(), ProblemJson.MEDIA_TYPE.toString(), ProblemJson.toBytes(problem));
    }

    private static void write(HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static String traceId(HttpServletRequest request) {
        String current = TraceContext.currentTraceId();
        if (current != null) {
            return current;
        }
        return request.getAttribute(TraceContext.ATTRIBUTE) instanceof Traceparent tp ? tp.traceId() : null;
    }
}
