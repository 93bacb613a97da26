package com.bl1nk.common.sse;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens SSE streams that behave well behind proxies: an initial comment is written at once (so the gateway sends the
 * response headers), a heartbeat comment follows every {@code bl1nk.sse.heartbeat}, and the heartbeat stops when the
 * stream completes, times out or fails.
 */
public class SseStreams {

    private final ScheduledExecutorService scheduler;
    private final Duration heartbeat;
    private final AtomicInteger open = new AtomicInteger();

    public SseStreams(ScheduledExecutorService scheduler, Duration heartbeat) {
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
    }

    /** Opens a stream that times out after {@code timeout} ({@code null} = the server's default async timeout). */
    public SseStream open(Duration timeout) {
        SseEmitter emitter = timeout == null ? new SseEmitter() : new SseEmitter(timeout.toMillis());
        open.incrementAndGet();
        SseStream stream = new SseStream(emitter, open::decrementAndGet);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(() -> {
            if (stream.close()) {
                emitter.complete();
            }
        });
        emitter.onError(stream::failed);
        stream.comment("stream open");
        long period = heartbeat.toMillis();
        stream.heartbeat(scheduler.scheduleAtFixedRate(
                // A slow client must not hold up the shared scheduler: write on a virtual thread.
                () -> Thread.startVirtualThread(() -> stream.comment("heartbeat")),
                period,
                period,
                TimeUnit.MILLISECONDS));
        return stream;
    }

    /** Streams currently open (a gauge for metrics, and proof in tests that closed streams are cleaned up). */
    public int openStreams() {
        return open.get();
    }

    /** The heartbeat interval. */
    public Duration heartbeat() {
        return heartbeat;
    }
}
