package com.bl1nk.task.events;

/**
 * One event read back from a task's stream.
 *
 * @param id Redis stream id, used as the SSE event id
 * @param type see {@link TaskEventType}
 * @param payloadJson the event payload as JSON text
 */
public record TaskEvent(String id, String type, String payloadJson) {}
