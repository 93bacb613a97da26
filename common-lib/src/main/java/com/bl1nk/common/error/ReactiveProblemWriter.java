package com.bl1nk.common.error;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.net.URI;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes a problem+json response to a WebFlux exchange, for gateway filters and the reactive error handler; under
 * {@code /v1/} (the OpenAI-compatible API) the same error goes in OpenAI's shape, so OpenAI SDKs read it.
 */
public final class ReactiveProblemWriter {

    private ReactiveProblemWriter() {}

    /** Writes {@code status}/{@code code}/{@code detail} with the request path as {@code instance}. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        return write(exchange, pd, code);
    }

    /** Writes a catalogued {@code code} (its status) with {@code detail} and the request path as {@code instance}. */
    public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
        return write(exchange, code.status(), code.code(), detail);
    }

    /** Writes a problem, adding type/title/code, the exchange's trace id and (if missing) the path as instance. */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, String code) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        Traceparent tp = exchange.getAttribute(TraceContext.ATTRIBUTE);
        Problems.enrich(problem, code, tp != null ? tp.traceId() : TraceContext.currentTraceId());
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        boolean openAi =
                ProblemJson.isOpenAiPath(exchange.getRequest().getPath().value());
        byte[] body = openAi ? ProblemJson.toOpenAiBytes(problem) : ProblemJson.toBytes(problem);
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(openAi ? MediaType.APPLICATION_JSON : ProblemJson.MEDIA_TYPE);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
