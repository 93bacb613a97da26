package com.bl1nk.task.queue;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskStatus;
import com.bl1nk.task.tasks.TaskStore;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes Postgres the truth about what must run: re-enqueues queued tasks the stream lost (Redis restarted, message
 * trimmed), tasks whose worker died without the stream noticing, parents whose wake-up was lost, moves stale outbox
 * rows, and ends tasks past their deadline.
 */
@Component
@ConditionalOnProperty(prefix = "bl1nk.task.queue", name = "worker-enabled", matchIfMissing = true)
class TaskSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskSweeper.class);
    private static final int BATCH = 500;

    private final TaskStore store;
    private final TaskQueue queue;
    private final OutboxRelay outbox;
    private final TaskRunner runner;
    private final StringRedisTemplate redis;
    private final StreamKeys keys;
    private final QueueProperties properties;
    private volatile ScheduledExecutorService timer;

    TaskSweeper(
            TaskStore store,
            TaskQueue queue,
            OutboxRelay outbox,
            TaskRunner runner,
            StringRedisTemplate redis,
            StreamPublisher publisher,
            QueueProperties properties) {
        this.store = store;
        this.queue = queue;
        this.outbox = outbox;
        this.runner = runner;
        this.redis = redis;
        this.keys = publisher.keys();
        this.properties = properties;
    }

    /** One pass; returns how many tasks it (re-)enqueued or ended. */
    int sweep() {
        int acted = outbox.drainStale();
        for (TaskStore.Orphan o : store.orphans(properties.sweepGrace(), BATCH)) {
            if (o.queueMessageId() == null || lostFromStream(o.queueMessageId())) {
                log.info("Re-enqueueing task {} (stream lost it or its worker died)", o.taskId());
                queue.enqueue(o.tenantId(), o.taskId());
                acted++;
            }
        }
        for (TaskStore.Orphan o : store.sleepersToWake(BATCH)) {
            runner.wake(o.tenantId(), o.taskId());
            acted++;
        }
        List<TaskRecord> overdue = store.overdue(BATCH);
        for (TaskRecord t : overdue) {
            String reason = "timed_out: the task did not finish by " + t.deadlineAt();
            if (store.finishOpen(t.id(), TaskStatus.TIMED_OUT, reason)) {
                runner.afterEnd(t, TaskStatus.TIMED_OUT, reason);
                acted++;
            }
        }
        return acted;
    }

    /**
     * Whether a message no longer stands for pending work: gone from the stream, or delivered and acknowledged while
     * Postgres still says the task waits.
     */
    private boolean lostFromStream(String messageId) {
        String key = keys.key(TaskQueue.STREAM);
        var found = redis.opsForStream().range(key, Range.closed(messageId, messageId));
        if (found == null || found.isEmpty()) {
            return true;
        }
        PendingMessages pending =
                redis.opsForStream().pending(key, TaskQueue.GROUP, Range.closed(messageId, messageId), 1L);
        if (pending != null && !pending.isEmpty()) {
            return false; // a consumer holds it; if that consumer died, the stream worker reclaims it
        }
        for (StreamInfo.XInfoGroup group : redis.opsForStream().groups(key)) {
            if (TaskQueue.GROUP.equals(group.groupName())) {
                return compare(messageId, group.lastDeliveredId()) <= 0;
            }
        }
        return false;
    }

    static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    @Override
    public void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("task-sweeper").daemon(true).factory());
        long period = properties.sweepInterval().toMillis();
        t.scheduleWithFixedDelay(
                () -> {
                    try {
                        sweep();
                    } catch (RuntimeException e) {
                        log.warn("Task sweep failed: {}", e.toString());
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        timer = t;
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
