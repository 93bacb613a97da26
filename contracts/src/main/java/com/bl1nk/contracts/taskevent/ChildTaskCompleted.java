package com.bl1nk.contracts.taskevent;

import java.util.UUID;

/**
 * A delegated child task ended (in any terminal status) and its result went back to the parent's model.
 *
 * @param seq the delegation step's sequence number
 * @param taskId the child task
 * @param agent the child's agent name
 * @param status the child's terminal status ({@code succeeded}, {@code failed}, ...)
 * @param costUsd what the child spent, a plain decimal string
 */
public record ChildTaskCompleted(int seq, UUID taskId, String agent, String status, String costUsd)
        implements TaskEvent {

    public static final String TYPE = "child_completed";

    @Override
    public String type() {
        return TYPE;
    }
}
