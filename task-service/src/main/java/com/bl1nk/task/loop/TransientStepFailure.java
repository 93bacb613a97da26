package com.bl1nk.task.loop;

/** A step failed for a reason a later attempt may not have (downstream down, timeout): retry the task with backoff. */
public class TransientStepFailure extends RuntimeException {

    public TransientStepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
