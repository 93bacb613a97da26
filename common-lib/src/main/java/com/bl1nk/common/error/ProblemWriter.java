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

    /** Writes an already built problem, adding type/title/code and the request's trace id. */
    public static void write(
            HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, String code)
            throws IOException {
        Problems.enrich(problem, code, traceId(request));
        if (ProblemJson.isOpenAiPath(request.getRequestURI())) {
            writeOpenAi(response, problem);
            return;
        }
        write(response, problem);
    }

    /** Writes the problem in OpenAI's error shape (for the OpenAI-compatible API under {@code /v1/}). */
    private static void writeOpenAi(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        byte[] body = ProblemJson.toOpenAiBytes(problem);
        response.setStatus(problem.getStatus());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** Writes the problem as it is; does nothing if the response is already committed. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        byte[] body = ProblemJson.toBytes(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(ProblemJson.MEDIA_TYPE.toString());
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
