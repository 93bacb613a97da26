package com.bl1nk.gateway.web;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs blocking work (JDBC, blocking Redis helpers) on Reactor's bounded-elastic scheduler, never on the Netty event
 * loop, with the request's trace open on the worker thread so its logs and published messages carry the trace id.
 * Boot backs bounded-elastic with virtual threads when {@code spring.threads.virtual.enabled=true}.
 */
public final class Blocking {

    /** Reactor context key under which the edge stores the request's {@link Traceparent}. */
    public static final Class<Traceparent> TRACE_KEY = Traceparent.class;

    private Blocking() {}

    /** Runs {@code work} off the event loop; a {@code null} result completes empty. */
    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.deferContextual(context -> Mono.fromCallable(() -> {
                    try (TraceContext.Scope ignored = open(context)) {
                        return work.call();
                    }
                }))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Runs {@code work} off the event loop for its side effect. */
    public static Mono<Void> run(Runnable work) {
        return call(() -> {
                    work.run();
                    return Boolean.TRUE;
                })
                .then();
    }

    /** A Reactor context carrying {@code traceparent}, for {@code contextWrite}. */
    public static Context withTrace(Context context, Traceparent traceparent) {
        return traceparent == null ? context : context.put(TRACE_KEY, traceparent);
    }

    private static TraceContext.Scope open(ContextView context) {
        Traceparent tp = context.getOrDefault(TRACE_KEY, null);
        return tp != null ? TraceContext.open(tp) : TraceContext.openNewRoot();
    }
}
