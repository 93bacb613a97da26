package com.bl1nk.common.sse;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * One open server-sent event stream: return {@link #emitter()} from the controller and send events from any thread;
 * sends are serialised and failures close the stream instead of throwing.
 */
public final class SseStream {

    private static final Logger log = LoggerFactory.getLogger(SseStream.class);

    private final SseEmitter emitter;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile ScheduledFuture<?> heartbeat;
    private volatile Runnable onClose = () -> {};
    private final Runnable cleanup;

    SseStream(SseEmitter emitter, Runnable cleanup) {
        this.emitter = emitter;
        this.cleanup = cleanup;
    }

    /** The emitter to return from the controller method. */
    public SseEmitter emitter() {
        return emitter;
    }

    /** Sends one event with {@code id:}, {@code event:} and JSON {@code data:}; returns false if the stream is closed. */
    public boolean send(String id, String event, Object data) {
        // Field order on the wire follows the builder calls: id, event, then data.
        SseEmitter.SseEventBuilder builder = SseEmitter.event();
        if (id != null) {
            builder.id(id);
        }
        if (event != null) {
            builder.name(event);
        }
        builder.data(data, MediaType.APPLICATION_JSON);
        return send(builder);
    }

    /** Sends a comment line ({@code : text}), e.g. a heartbeat; returns false if the stream is closed. */
    public boolean comment(String text) {
        return send(SseEmitter.event().comment(text));
    }

    /** Completes the stream normally. */
    public void complete() {
        if (close()) {
            emitter.complete();
        }
    }

    /** Whether events can still be sent. */
    public boolean isOpen() {
        return open.get();
    }

    /** Runs {@code callback} once when the stream ends for any reason (complete, timeout, client gone, error). */
    public SseStream onClose(Runnable callback) {
        this.onClose = callback;
        if (!open.get()) {
            callback.run();
        }
        return this;
    }

    void heartbeat(ScheduledFuture<?> future) {
        this.heartbeat = future;
        if (!open.get()) {
            future.cancel(false);
        }
    }

    /**
     * The container reported the stream broken (usually a client that hung up, noticed before our next write): closes
     * it, saying "client went away" at INFO rather than treating it as a failure of ours.
     */
    void failed(Throwable e) {
        if (close()) {
            if (e instanceof IOException || DisconnectedClientHelper.isClientDisconnectedException(e)) {
                log.info("client went away from an event stream: {}", e.toString());
            } else {
                log.debug("event stream ended by an error: {}", e.toString());
            }
        }
    }

    /** Marks the stream closed; true only for the first caller. */
    boolean close() {
        if (!open.compareAndSet(true, false)) {
            return false;
        }
        ScheduledFuture<?> hb = heartbeat;
        if (hb != null) {
            hb.cancel(false);
        }
        cleanup.run();
        try {
            onClose.run();
        } catch (RuntimeException ignored) {
            // a failing callback must not break cleanup
        }
        return true;
    }

    private boolean send(SseEmitter.SseEventBuilder event) {
        if (!open.get()) {
            return false;
        }
        lock.lock();
        try {
            emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            if (close()) {
                if (e instanceof IOException || DisconnectedClientHelper.isClientDisconnectedException(e)) {
                    // the client hung up: nothing to report to it, and nothing wrong on our side
                    log.info("client went away from an event stream: {}", e.toString());
                    emitter.complete();
                } else {
                    emitter.completeWithError(e);
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
