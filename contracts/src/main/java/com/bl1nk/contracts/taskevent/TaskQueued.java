package com.bl1nk.contracts.taskevent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * The task row and its enqueue record were committed: the first event of every task.
 *
 * @param parentTaskId the delegating task, {@code null} for a root task
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskQueued(UUID taskId, UUID parentTaskId) implements TaskEvent {

    public static final String TYPE = "queued";

    @Override
    public String type() {
        return TYPE;
    }
}
