package com.bl1nk.task.queue;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.tasks.TaskQueued;
import com.bl1nk.task.tasks.TaskStore;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Puts a task on the {@code bl1nk:tasks} stream and records the message id on the task row. */
@Component
public class TaskQueue {

    /** The one encoding of {@code bl1nk:tasks} messages, shared with the runner. */
    static final StreamCodec<TaskQueued> TASKS = StreamCodec.of(TaskQueued.class);

    /** Logical name of the task stream. */
    public static final String STREAM = TaskQueued.STREAM;

    /** Consumer group of task workers. */
    public static final String GROUP = "task-workers";

    private final StreamPublisher publisher;
    private final TaskStore store;

    TaskQueue(StreamPublisher publisher, TaskStore store) {
        this.publisher = publisher;
        this.store = store;
    }

    /** Enqueues; duplicates are harmless because a worker must claim the task row before running it. */
    public String enqueue(UUID tenantId, UUID taskId) {
        String id = publisher.publish(TASKS, tenantId, new TaskQueued(taskId));
        store.markEnqueued(taskId, id);
        return id;
    }
}
