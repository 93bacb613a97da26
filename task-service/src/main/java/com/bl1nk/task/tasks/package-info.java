/**
 * Tasks: the API to create, read, list and cancel them, and the Postgres record (task rows, persisted steps, the
 * enqueue outbox) that the queue and the agent loop work from. Postgres is the system of record; Redis only carries.
 */
package com.bl1nk.task.tasks;
