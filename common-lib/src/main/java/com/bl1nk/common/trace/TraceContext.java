package com.bl1nk.common.trace;

import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The trace of the work running on the current thread, so logs, problem bodies and outgoing calls share one trace id.
 *
 * <p>Thread-bound: servlet requests and stream handlers open a {@link Scope}; reactive code passes {@link Traceparent}
 * values explicitly instead.
 */
public final class TraceContext {

    /** MDC key holding the current trace id (appears in JSON logs). */
    public static final String MDC_TRACE_ID = "traceId";

    /** MDC key holding the current span id. */
    public static final String MDC_SPAN_ID = "spanId";

    /** Response header carrying the trace id back to the caller. */
    public static final String TRACE_ID_HEADER = "X-Trace-Id";

    /** Request (or exchange) attribute under which filters store the request's {@link Traceparent}. */
    public static final String ATTRIBUTE = TraceContext.class.getName() + ".traceparent";

    private static final ThreadLocal<Traceparent> CURRENT = new ThreadLocal<>();

    private TraceContext() {}

    /** The traceparent of the work on this thread, if a scope is open. */
    public static Optional<Traceparent> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The current trace id, or {@code null} outside any scope. */
    public static String currentTraceId() {
        Traceparent tp = CURRENT.get();
        return tp == null ? null : tp.traceId();
    }

    /** Makes {@code traceparent} current on this thread (and in the MDC) until the returned scope is closed. */
    public static Scope open(Traceparent traceparent) {
        Traceparent previous = CURRENT.get();
        set(traceparent);
        return () -> set(previous);
    }

    /** Opens a scope for a fresh root trace, for work that starts here (schedulers, startup jobs). */
    public static Scope openNewRoot() {
        return open(Traceparent.newRoot());
    }

    /**
     * Writes a child of the current traceparent (or a new root when none is open) into {@code carrier} under
     * {@code traceparent}; used for HTTP headers and stream message fields.
     */
    public static void injectInto(Map<String, String> carrier) {
        carrier.put(Traceparent.HEADER, outgoing().format());
    }

    /** The traceparent to send on an outgoing hop: a child of the current one, or a new root. */
    public static Traceparent outgoing() {
        Traceparent tp = CURRENT.get();
        return tp == null ? Traceparent.newRoot() : tp.child();
    }

    /**
     * Reads the carrier's {@code traceparent} and returns a child span of it for the work about to run, or a new root
     * trace when it is absent or invalid.
     */
    public static Traceparent extractFrom(Map<String, String> carrier) {
        String value = carrier == null ? null : carrier.get(Traceparent.HEADER);
        return Traceparent.parse(value).map(Traceparent::child).orElseGet(Traceparent::newRoot);
    }

    private static void set(Traceparent tp) {
        if (tp == null) {
            CURRENT.remove();
            MDC.remove(MDC_TRACE_ID);
            MDC.remove(MDC_SPAN_ID);
        } else {
            CURRENT.set(tp);
            MDC.put(MDC_TRACE_ID, tp.traceId());
            MDC.put(MDC_SPAN_ID, tp.spanId());
        }
    }

    /** Restores the previous trace when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
