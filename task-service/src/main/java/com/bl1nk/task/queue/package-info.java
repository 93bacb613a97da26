/**
 * The durable task queue: Postgres holds the record, the Redis stream {@code bl1nk:tasks} (group {@code task-workers})
 * carries the work. An outbox relay enqueues what was committed, workers claim tasks with a lease, transient failures
 * retry with backoff, poison tasks are dead-lettered with an audit event, and a sweeper re-enqueues what Redis lost.
 */
package com.bl1nk.task.queue;
