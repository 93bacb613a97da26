package com.bl1nk.common.trace;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * WebFlux filter (for the gateway) that joins or starts a trace, stores it as an exchange attribute, forwards a child
 * {@code traceparent} downstream and returns {@code X-Trace-Id}; reactive code cannot rely on the thread-bound context.
 */
public class ReactiveTraceFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Traceparent incoming = Traceparent.parse(
                        exchange.getRequest().getHeaders().getFirst(Traceparent.HEADER))
                .map(Traceparent::child)
                .orElseGet(Traceparent::newRoot);
        exchange.getAttributes().put(TraceContext.ATTRIBUTE, incoming);
        exchange.getResponse().getHeaders().set(TraceContext.TRACE_ID_HEADER, incoming.traceId());
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(h -> h.set(Traceparent.HEADER, incoming.format()))
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    /** The trace of an exchange, or {@code null} when this filter did not run. */
    public static Traceparent traceparentOf(ServerWebExchange exchange) {
        return exchange.getAttribute(TraceContext.ATTRIBUTE);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
