package com.bl1nk.task.tasks;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.task.events.TaskEvent;
import com.bl1nk.task.events.TaskEventProperties;
import com.bl1nk.task.events.TaskEventType;
import com.bl1nk.task.events.TaskEvents;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
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
 * {@code Last-Event-ID} continues exactly after the last event the client saw.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskEventsController {

    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    private static final int BATCH = 200;

    private final TaskService tasks;
    private final TaskEvents events;
    private final TaskEventProperties properties;
    /** Open streams per tenant on this instance. */
    private final ConcurrentHashMap<UUID, AtomicInteger> open = new ConcurrentHashMap<>();

    private final ExecutorService pumps = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("task-sse-", 0).factory());

    TaskEventsController(TaskService tasks, TaskEvents events) {
        this.tasks = tasks;
        this.events = events;
        this.properties = events.properties();
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
            throw ApiException.tooManyRequests(
                            "quota_exceeded",
                            "This tenant already has " + properties.maxStreamsPerTenant()
                                    + " event streams open; close one or reconnect later",
                            Duration.ofSeconds(5))
                    .withProperty("limit", properties.maxStreamsPerTenant());
        }
        SseEmitter emitter = new SseEmitter(properties.maxStreamDuration().toMillis());
        String after = lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip();
        try {
            pumps.execute(() -> {
                try {
                    pump(emitter, tenantId, id, after);
                } finally {
                    streams.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            streams.decrementAndGet();
            throw e;
        }
        return emitter;
    }

    private void pump(SseEmitter emitter, UUID tenantId, UUID taskId, String after) {
        Instant end = Instant.now().plus(properties.maxStreamDuration());
        Instant nextHeartbeat = Instant.now().plus(properties.heartbeat());
        Instant nextStatusCheck = Instant.now().plus(properties.heartbeat());
        String last = after;
        try {
            // Proxies send headers only with the first body bytes: open the stream at once.
            emitter.send(SseEmitter.event().comment("stream open"));
            while (Instant.now().isBefore(end)) {
                List<TaskEvent> batch = events.readAfter(taskId, last, BATCH);
                for (TaskEvent e : batch) {
                    emitter.send(SseEmitter.event().id(e.id()).name(e.type()).data(e.payloadJson()));
                    last = e.id();
                    if (TaskEventType.terminal(e.type())) {
                        emitter.complete();
                        return;
                    }
                }
                if (!batch.isEmpty()) {
                    nextHeartbeat = Instant.now().plus(properties.heartbeat());
                    continue;
                }
                Instant now = Instant.now();
                if (now.isAfter(nextStatusCheck)) {
                    // The stream expired or was lost after the task ended: nothing more will come.
                    TaskRecord t = tasks.find(tenantId, taskId);
                    if (t.status().terminal()
                            && events.readAfter(taskId, last, 1).isEmpty()) {
                        emitter.complete();
                        return;
                    }
                    nextStatusCheck = now.plus(properties.heartbeat());
                }
                if (now.isAfter(nextHeartbeat)) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    nextHeartbeat = now.plus(properties.heartbeat());
                }
                Thread.sleep(properties.pollInterval());
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            // The client went away or the emitter timed out; nothing to clean up beyond stopping.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            emitter.completeWithError(e);
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
