package com.bl1nk.rag.document;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.rag.parse.DocumentRejectedException;
import java.time.Duration;
import java.util.concurrent.Callable;
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
    }

    /** Runs {@code parse} within the limit; its {@link DocumentRejectedException} passes through. */
    <T> T run(Callable<T> parse) {
        Future<T> future;
        try {
            future = pool.submit(parse);
        } catch (RejectedExecutionException e) {
            ApiException busy = ApiException.serviceUnavailable(
                    "parser_busy", "Every document parser is busy; retry the upload shortly");
            busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw busy;
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DocumentRejectedException(
                    "parse_timeout", "the document could not be parsed within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("parser_interrupted", "the upload was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DocumentRejectedException(
                    "unreadable_document", "the document could not be parsed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
