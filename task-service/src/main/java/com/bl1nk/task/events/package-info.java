/**
 * Task events: the ordered per-task Redis stream {@code bl1nk:task-events:{taskId}} that workers append to and SSE
 * readers on any replica follow, so a client can resume from its last event id without gaps or duplicates.
 */
package com.bl1nk.task.events;
