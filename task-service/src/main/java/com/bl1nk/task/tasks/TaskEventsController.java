package com.bl1nk.task.tasks;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.sse.SseStream;
import com.bl1nk.common.sse.SseStreams;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.events.StoredTaskEvent;
import com.bl1nk.task.events.TaskEventProperties;
import com.bl1nk.task.events.TaskEvents;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a task's events over SSE from its Redis stream, so any replica can serve any task and a reconnect with
 * {@code Last-Event-ID} continues exactly after the last event the client saw; common-lib's {@link SseStreams} opens
 * the stream at once and keeps it alive with heartbeats.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskEventsController {

    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    private static final int BATCH = 200;

    private final TaskService tasks;
    private final TaskEvents events;
    private final TaskEventProperties properties;
    private final SseStreams sse;
    /** Open streams per tenant on this instance. */
    private final ConcurrentHashMap<UUID, AtomicInteger> open = new ConcurrentHashMap<>();

    private final ExecutorService pumps = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("task-sse-", 0).factory());

    TaskEventsController(TaskService tasks, TaskEvents events, SseStreams sse) {
        this.tasks = tasks;
        this.events = events;
        this.properties = events.properties();
        this.sse = sse;
    }

    @Requires(Permission.TASKS_READ)
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            Identity identity,
            @PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank() && !isStreamId(lastEventId.strip())) {
            throw ApiException.invalidField("Last-Event-ID", "is not an event id sent by this stream");
        }
        UUID tenantId = identity.tenantId();
        tasks.find(tenantId, id);
        AtomicInteger streams = open.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (streams.incrementAndGet() > properties.maxStreamsPerTenant()) {
            streams.decrementAndGet();
            throw ApiException.withRetryAfter(
                            TaskErrorCode.QUOTA_EXCEEDED,
                            "This tenant already has " + properties.maxStreamsPerTenant()
                                    + " event streams open; close one or reconnect later",
                            Duration.ofSeconds(5))
                    .withProperty("limit", properties.maxStreamsPerTenant());
        }
        String after = lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip();
        SseStream stream;
        try {
            stream = sse.open(properties.maxStreamDuration());
        } catch (RuntimeException e) {
            streams.decrementAndGet();
            throw e;
        }
        try {
            pumps.execute(() -> {
                try {
                    pump(stream, tenantId, id, after);
                } finally {
                    streams.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            streams.decrementAndGet();
            stream.complete();
            throw e;
        }
        return stream.emitter();
    }

    private void pump(SseStream stream, UUID tenantId, UUID taskId, String after) {
        Instant end = Instant.now().plus(properties.maxStreamDuration());
        Instant nextStatusCheck = Instant.now().plus(properties.heartbeat());
        String last = after;
        try {
            while (stream.isOpen() && Instant.now().isBefore(end)) {
                List<StoredTaskEvent> batch = events.readAfter(taskId, last, BATCH);
                for (StoredTaskEvent e : batch) {
                    if (!stream.send(e.id(), e.type(), e.payloadJson())) {
                        return; // the client went away or the stream timed out
                    }
                    last = e.id();
                    if (e.terminal()) {
                        stream.complete();
                        return;
                    }
                }
                if (!batch.isEmpty()) {
                    continue;
                }
                Instant now = Instant.now();
                if (now.isAfter(nextStatusCheck)) {
                    // The stream expired or was lost after the task ended: nothing more will come.
                    TaskRecord t = tasks.find(tenantId, taskId);
                    if (t.status().terminal()
                            && events.readAfter(taskId, last, 1).isEmpty()) {
                        stream.complete();
                        return;
                    }
                    nextStatusCheck = now.plus(properties.heartbeat());
                }
                Thread.sleep(properties.pollInterval());
            }
            stream.complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.complete();
        } catch (RuntimeException e) {
            stream.complete();
        }
    }

    @PreDestroy
    void stop() {
        pumps.shutdownNow();
    }

    /** A Redis stream id: two unsigned 64-bit numbers; anything larger would break the stream after it opened. */
    private static boolean isStreamId(String value) {
        if (!STREAM_ID.matcher(value).matches()) {
            return false;
        }
        int dash = value.indexOf('-');
        try {
            Long.parseUnsignedLong(value.substring(0, dash));
            Long.parseUnsignedLong(value.substring(dash + 1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
