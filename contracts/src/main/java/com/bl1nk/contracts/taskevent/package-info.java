/**
 * The events on a task's stream {@code bl1nk:task-events:{taskId}}, each a past-tense record: task-service's workers
 * write them and its SSE readers (and any client) read them, so one definition keeps both sides and the wire identical.
 */
package com.bl1nk.contracts.taskevent;
