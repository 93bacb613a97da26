package com.bl1nk.rag.document;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.rag.error.RagErrorCode;
import com.bl1nk.rag.parse.DocumentRejectedException;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;

/**
 * Runs document parsing (Tika, on bytes a tenant uploaded) on a few dedicated threads with a time limit, so a document
 * that makes a parser spin or balloon holds one parser thread for at most the limit, never a request thread or the
 * whole service: past the limit the upload is refused (422 {@code parse_timeout}) and the parse interrupted; with every
 * parser thread busy, new uploads are turned away at once (503 {@code parser_busy}).
 */
final class ParseGate implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    /** Resilience4j's time limit on one parse; it cancels (interrupts) a parse that runs past it. */
    private final TimeLimiter limiter;

    private final int perTenantLimit;
    private final ConcurrentHashMap<UUID, AtomicInteger> perTenant = new ConcurrentHashMap<>();

    ParseGate(int concurrency, Duration timeout) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                concurrency,
                concurrency,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "rag-parse-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        this.timeout = timeout;
        this.limiter = TimeLimiter.of(
                "document-parse",
                TimeLimiterConfig.custom()
                        .timeoutDuration(timeout)
                        .cancelRunningFuture(true)
                        .build());
        this.perTenantLimit = Math.max(1, concurrency - 1);
    }

    /** Runs {@code parse} for no tenant in particular (tests). */
    <T> T run(Callable<T> parse) {
        return run(null, parse);
    }

    /**
     * Runs {@code parse} for {@code tenant} within the limit; its {@link DocumentRejectedException} passes through. A
     * tenant holds at most all parser threads but one, counted until its parses really end (an interrupted parse that
     * keeps running keeps its slot), so one tenant's stuck documents never leave the others without a parser.
     */
    <T> T run(UUID tenant, Callable<T> parse) {
        AtomicInteger slots = tenant == null ? null : perTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (slots != null && slots.incrementAndGet() > perTenantLimit) {
            slots.decrementAndGet();
            throw busy("This tenant's documents already use its share of the parsers; retry the upload shortly");
        }
        Future<T> future;
        try {
            future = pool.submit(() -> {
                try {
                    return parse.call();
                } finally {
                    if (slots != null) {
                        slots.decrementAndGet();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (slots != null) {
                slots.decrementAndGet();
            }
            throw busy("Every document parser is busy; retry the upload shortly");
        }
        try {
            return limiter.executeFutureSupplier(() -> future);
        } catch (TimeoutException e) {
            // the limiter has cancelled (interrupted) the parse already
            throw new DocumentRejectedException(
                    RagErrorCode.PARSE_TIMEOUT,
                    "the document could not be parsed within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ApiException.of(RagErrorCode.PARSER_INTERRUPTED, "the upload was interrupted");
        } catch (RuntimeException e) {
            throw e;
        } catch (ExecutionException e) {
            // the limiter passes an Error of the parser on wrapped
            throw new DocumentRejectedException(
                    RagErrorCode.UNREADABLE_DOCUMENT, "the document could not be parsed", e.getCause());
        } catch (Exception e) {
            // the limiter passes a checked exception of the parser on unwrapped
            throw new DocumentRejectedException(
                    RagErrorCode.UNREADABLE_DOCUMENT, "the document could not be parsed", e);
        }
    }

    private static ApiException busy(String detail) {
        ApiException busy = ApiException.of(RagErrorCode.PARSER_BUSY, detail);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return busy;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
