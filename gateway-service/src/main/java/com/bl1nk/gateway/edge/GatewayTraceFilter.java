package com.bl1nk.gateway.edge;

import com.bl1nk.common.trace.ReactiveTraceFilter;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.gateway.web.Blocking;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The common trace filter plus what the edge needs on top: exactly one {@code X-Trace-Id} on every response (a proxied
 * service may return its own copy, an error handler may rebuild the headers) and the trace in the Reactor context so
 * blocking work started for the request logs with it.
 */
@Component
class GatewayTraceFilter extends ReactiveTraceFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            Traceparent tp = traceparentOf(exchange);
            if (tp != null) {
                response.getHeaders().set(TraceContext.TRACE_ID_HEADER, tp.traceId());
            }
            return Mono.empty();
        });
        return super.filter(exchange, chain)
                .contextWrite(context -> Blocking.withTrace(context, traceparentOf(exchange)));
    }
}
