package com.bl1nk.task.queue;

import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.task.tasks.TaskStore;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Puts a task on the {@code bl1nk:tasks} stream and records the message id on the task row. */
@Component
public class TaskQueue {

    /** Logical name of the task stream. */
    public static final String STREAM = "bl1nk:tasks";

    /** Consumer group of task workers. */
    public static final String GROUP = "task-workers";

    /** Message type on the stream. */
    public static final String TYPE = "TaskQueued";

    private final StreamPublisher publisher;
    private final TaskStore store;

    TaskQueue(StreamPublisher publisher, TaskStore store) {
        this.publisher = publisher;
        this.store = store;
    }

    /** Enqueues; duplicates are harmless because a worker must claim the task row before running it. */
    public String enqueue(UUID tenantId, UUID taskId) {
        String id = publisher.publish(STREAM, tenantId, TYPE, 1, Map.of("taskId", taskId.toString()));
        store.markEnqueued(taskId, id);
        return id;
    }
}
