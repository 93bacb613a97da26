package com.bl1nk.common.trace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filter that joins the caller's trace (or starts one) for each request, so every log line and problem body of
 * the request carries the same trace id; also returns it in {@code X-Trace-Id}.
 */
public class TraceFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Traceparent tp = Traceparent.parse(request.getHeader(Traceparent.HEADER))
                .map(Traceparent::child)
                .orElseGet(Traceparent::newRoot);
        request.setAttribute(TraceContext.ATTRIBUTE, tp);
        response.setHeader(TraceContext.TRACE_ID_HEADER, tp.traceId());
        try (TraceContext.Scope ignored = TraceContext.open(tp)) {
            chain.doFilter(request, response);
        }
    }
}
