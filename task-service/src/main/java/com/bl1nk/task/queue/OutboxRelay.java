package com.bl1nk.task.queue;

import com.bl1nk.task.tasks.TaskCreated;
import com.bl1nk.task.tasks.TaskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to the stream: at once for a task just created in this process, and by polling for rows
 * a crash or a Redis outage left behind.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final TaskStore store;
    private final TaskQueue queue;
    private final TransactionTemplate tx;
    private final QueueProperties properties;

    OutboxRelay(TaskStore store, TaskQueue queue, TransactionTemplate tx, QueueProperties properties) {
        this.store = store;
        this.queue = queue;
        this.tx = tx;
        this.properties = properties;
    }

    @EventListener
    void onCreated(TaskCreated created) {
        try {
            queue.enqueue(created.tenantId(), created.taskId()); // also drops the outbox row
        } catch (RuntimeException e) {
            // The outbox row stays; the poller retries.
            log.warn("Could not enqueue task {} now: {}", created.taskId(), e.toString());
        }
    }

    /** Relays stale rows; returns how many moved. */
    int drainStale() {
        Integer moved = tx.execute(status -> {
            var rows = store.lockStaleOutbox(properties.outboxAge(), 500);
            for (var row : rows) {
                queue.enqueue(row.tenantId(), row.taskId());
                store.deleteOutbox(row.id());
            }
            return rows.size();
        });
        return moved == null ? 0 : moved;
    }
}
