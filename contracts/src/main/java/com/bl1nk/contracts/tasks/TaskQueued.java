package com.bl1nk.contracts.tasks;

import com.bl1nk.contracts.StreamContract;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * "Run this task" on {@code bl1nk:tasks}: task-service's API and sweeper produce it, its workers (group
 * {@code task-workers}) consume it; the tenant travels in the envelope, the task row in Postgres holds the rest.
 *
 * @param taskId the queued task
 */
@StreamContract(stream = TaskQueued.STREAM, type = "TaskQueued", version = 1)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskQueued(@JsonProperty(required = true) UUID taskId) {

    /** Logical stream name. */
    public static final String STREAM = "bl1nk:tasks";
}
