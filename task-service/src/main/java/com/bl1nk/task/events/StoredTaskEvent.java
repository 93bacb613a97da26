package com.bl1nk.task.events;

import com.bl1nk.contracts.taskevent.TaskEvent;

/**
 * One event read back from a task's stream, kept as the JSON text it was written as, so SSE relays it byte for byte.
 *
 * @param id Redis stream id, used as the SSE event id
 * @param type the event's wire name (see {@link TaskEvent#TYPES})
 * @param payloadJson the event payload as JSON text
 */
public record StoredTaskEvent(String id, String type, String payloadJson) {

    /** Whether this is the last event the task's stream will carry. */
    public boolean terminal() {
        return TaskEvent.terminal(type);
    }
}
