package com.bl1nk.task.queue;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.retry.Backoff;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.taskevent.TaskEnded;
import com.bl1nk.contracts.taskevent.TaskEvent;
import com.bl1nk.task.events.TaskEvents;
import com.bl1nk.task.loop.AgentLoop;
import com.bl1nk.task.loop.LoopOutcome;
import com.bl1nk.task.loop.TransientStepFailure;
import com.bl1nk.task.tasks.TaskProperties;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskService;
import com.bl1nk.task.tasks.TaskStatus;
import com.bl1nk.task.tasks.TaskStore;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles one {@code bl1nk:tasks} message: claims the task row under a lease (so duplicates and reclaimed messages are
 * harmless), keeps the lease alive while the loop runs, and records how the run ended.
 */
@Component
@EnableConfigurationProperties(QueueProperties.class)
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** Logical dead-letter stream of tasks. */
    public static final String DEAD_STREAM = TaskQueue.STREAM + ":dead";

    private final TaskStore store;
    private final TaskService tasks;
    private final TaskQueue queue;
    private final AgentLoop loop;
    private final TaskEvents events;
    private final StreamPublisher publisher;
    private final QueueProperties properties;
    private final TaskProperties taskProperties;
    private final Backoff backoff;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("task-lease-timer").daemon(true).factory());
    private final String owner;
    private final AuditOutbox audit;
    private final TransactionTemplate transactions;

    TaskRunner(
            TaskStore store,
            TaskService tasks,
            TaskQueue queue,
            AgentLoop loop,
            TaskEvents events,
            StreamPublisher publisher,
            QueueProperties properties,
            TaskProperties taskProperties,
            WorkerIdentity identity,
            AuditOutbox audit,
            TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
        this.store = store;
        this.tasks = tasks;
        this.queue = queue;
        this.loop = loop;
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
        this.taskProperties = taskProperties;
        this.backoff = new Backoff(properties.retryBase(), properties.retryCap());
        this.owner = identity.name();
    }

    /** The stream handler: returns normally to acknowledge, throws only for a malformed (poison) message. */
    public void handle(StreamMessage message) {
        UUID tenantId = message.tenantId();
        UUID taskId = taskIdOf(message);
        if (tenantId == null || taskId == null) {
            throw new IllegalArgumentException("Task message without tenantId or taskId: " + message.id());
        }
        Optional<TaskRecord> claimed = store.claim(tenantId, taskId, owner, properties.lease());
        if (claimed.isEmpty()) {
            return; // ended, not due yet, or held by a live worker: this message has nothing left to do
        }
        run(claimed.get());
    }

    private void run(TaskRecord task) {
        if (task.attempts() > properties.maxAttempts()) {
            deadLetter(task, "gave up after " + (task.attempts() - 1) + " attempts");
            return;
        }
        Thread runner = Thread.currentThread();
        long period = Math.max(50, properties.lease().toMillis() / 3);
        ScheduledFuture<?> heartbeat = timers.scheduleAtFixedRate(
                () -> {
                    try {
                        if (!store.renewLease(task.id(), owner, properties.lease())) {
                            runner.interrupt();
                        }
                    } catch (RuntimeException e) {
                        log.warn("Lease renewal for task {} failed: {}", task.id(), e.toString());
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        LoopOutcome outcome;
        try {
            outcome = loop.run(task, owner);
        } catch (TransientStepFailure e) {
            outcome = null;
            stopHeartbeat(heartbeat);
            retryOrDeadLetter(task, e.getMessage());
        } catch (DataIntegrityViolationException e) {
            // The database refuses the data this run produced (a data or constraint error, never a lost connection):
            // another attempt would pay for the same model and tool calls and be refused again.
            outcome = null;
            stopHeartbeat(heartbeat);
            log.error("Task {} failed: the database refused a write on attempt {}", task.id(), task.attempts(), e);
            end(
                    task,
                    TaskStatus.FAILED,
                    "storage_rejected: the database refused to store a result of this task ("
                            + e.getClass().getSimpleName() + "); it was not retried",
                    null);
        } catch (RuntimeException e) {
            outcome = null;
            stopHeartbeat(heartbeat);
            log.error("Task {} failed unexpectedly on attempt {}", task.id(), task.attempts(), e);
            retryOrDeadLetter(task, "unexpected error: " + e.getClass().getSimpleName());
        } finally {
            stopHeartbeat(heartbeat);
        }
        if (outcome != null) {
            record(task, outcome);
        }
    }

    private static void stopHeartbeat(ScheduledFuture<?> heartbeat) {
        heartbeat.cancel(false);
        Thread.interrupted(); // a late heartbeat must not poison the database calls that record the outcome
    }

    private void record(TaskRecord task, LoopOutcome outcome) {
        switch (outcome) {
            case LoopOutcome.Answered answered -> {
                if (answered.output().length() > taskProperties.maxOutputChars()) {
                    end(
                            task,
                            TaskStatus.FAILED,
                            "output_too_large: the answer has "
                                    + answered.output().length() + " characters; the limit is "
                                    + taskProperties.maxOutputChars(),
                            null);
                } else {
                    end(task, TaskStatus.SUCCEEDED, null, answered.output());
                }
            }
            case LoopOutcome.Failed failed ->
                end(task, TaskStatus.FAILED, failed.code() + ": " + failed.detail(), null);
            case LoopOutcome.TimedOut timedOut ->
                end(task, TaskStatus.TIMED_OUT, "timed_out: " + timedOut.detail(), null);
            case LoopOutcome.WaitingForChildren waiting -> {
                if (store.suspendForChildren(task.id(), owner)) {
                    wake(task.tenantId(), task.id());
                }
            }
            case LoopOutcome.Stopped stopped -> log.info("Task {} stopped: {}", task.id(), stopped.reason());
        }
    }

    private void end(TaskRecord task, TaskStatus status, String reason, String output) {
        if (!store.finish(task.id(), owner, status, reason, output)) {
            return; // cancelled or taken over meanwhile: whoever did that reports it
        }
        afterEnd(task, status, reason);
    }

    /** Events, cascade and parent wake-up after a task reached a terminal state. */
    void afterEnd(TaskRecord task, TaskStatus status, String reason) {
        TaskRecord done = store.find(task.tenantId(), task.id()).orElse(task);
        publish(
                task,
                TaskEnded.of(
                        task.id(),
                        status.wire(),
                        reason,
                        done.output(),
                        done.totalCostUsd().stripTrailingZeros().toPlainString()));
        if (status != TaskStatus.SUCCEEDED) {
            tasks.cancelDescendants(task.tenantId(), task.id(), "parent task " + task.id() + " ended " + status.wire());
        }
        if (task.parentTaskId() != null) {
            wake(task.tenantId(), task.parentTaskId());
        }
    }

    /** Re-enqueues a sleeping parent whose children have all ended. */
    void wake(UUID tenantId, UUID parentId) {
        if (store.wakeIfChildrenDone(tenantId, parentId)) {
            queue.enqueue(tenantId, parentId);
        }
    }

    private void retryOrDeadLetter(TaskRecord task, String reason) {
        if (task.attempts() >= properties.maxAttempts()) {
            deadLetter(task, reason);
            return;
        }
        Duration delay = backoff.delay(task.attempts());
        if (store.requeue(task.id(), owner, delay, "retrying after: " + reason)) {
            log.info("Task {} attempt {} failed ({}); retrying in {}", task.id(), task.attempts(), reason, delay);
            timers.schedule(
                    () -> {
                        try {
                            queue.enqueue(task.tenantId(), task.id());
                        } catch (RuntimeException e) {
                            log.warn("Retry enqueue of task {} failed; the sweeper will: {}", task.id(), e.toString());
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Ends a poison task as failed, copies it to {@code bl1nk:tasks:dead} and records an audit event. */
    void deadLetter(TaskRecord task, String reason) {
        String fullReason = "dead_lettered: " + reason;
        Map<String, Object> dead = new LinkedHashMap<>();
        dead.put("taskId", task.id().toString());
        dead.put("attempts", task.attempts());
        dead.put("reason", reason);
        AuditRecorded event = new AuditRecorded(
                task.tenantId(),
                "service:task-service",
                "task.dead_lettered",
                "task",
                task.id().toString(),
                AuditRecorded.FAILURE,
                dead,
                Instant.now());
        // the end of the task and its audit event commit together
        boolean ended = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!store.finishOpen(task.id(), TaskStatus.FAILED, fullReason)) {
                return false;
            }
            audit.record(event);
            return true;
        }));
        if (!ended) {
            return;
        }
        log.error("Task {} dead-lettered after {} attempts: {}", task.id(), task.attempts(), reason);
        try {
            publisher.publish(DEAD_STREAM, task.tenantId(), "TaskDeadLettered", 1, dead);
        } catch (RuntimeException e) {
            log.warn("Could not publish dead letter of task {}: {}", task.id(), e.toString());
        }
        afterEnd(task, TaskStatus.FAILED, fullReason);
    }

    private void publish(TaskRecord task, TaskEvent event) {
        try {
            events.publish(task.tenantId(), task.id(), event);
        } catch (RuntimeException e) {
            log.warn("Could not publish {} for task {}: {}", event.type(), task.id(), e.toString());
        }
    }

    static UUID taskIdOf(StreamMessage message) {
        try {
            return TaskQueue.TASKS.decodePayload(message.payloadJson()).taskId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }
}
