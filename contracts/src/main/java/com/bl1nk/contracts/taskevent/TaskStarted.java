package com.bl1nk.contracts.taskevent;

import java.util.UUID;

/**
 * A worker began the task's loop for the first time (a resumed run does not start it again).
 *
 * @param attempt the worker's attempt number, from 1
 */
public record TaskStarted(UUID taskId, int attempt) implements TaskEvent {

    public static final String TYPE = "started";

    @Override
    public String type() {
        return TYPE;
    }
}
