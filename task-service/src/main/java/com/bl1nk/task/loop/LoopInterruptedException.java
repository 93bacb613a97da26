package com.bl1nk.task.loop;

/** The loop's thread was interrupted (cancellation or lost lease) in the middle of an outbound call. */
public class LoopInterruptedException extends RuntimeException {

    public LoopInterruptedException(Throwable cause) {
        super("interrupted", cause);
    }
}
