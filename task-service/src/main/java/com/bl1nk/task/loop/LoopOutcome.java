package com.bl1nk.task.loop;

import com.bl1nk.common.error.ErrorCode;

/** How one run of the loop for a task ended. */
public sealed interface LoopOutcome {

    /** The agent gave its final answer. */
    record Answered(String output) implements LoopOutcome {}

    /** The task cannot succeed: a limit was hit or a step failed for good. */
    record Failed(String code, String detail) implements LoopOutcome {

        /** A failure with a catalogued task failure code. */
        Failed(ErrorCode code, String detail) {
            this(code.code(), detail);
        }
    }

    /** The task's deadline passed. */
    record TimedOut(String detail) implements LoopOutcome {}

    /** Children are running; the task sleeps without holding a worker until the last child ends. */
    record WaitingForChildren() implements LoopOutcome {}

    /** The task was cancelled or taken over by another worker; nothing more to do here. */
    record Stopped(String reason) implements LoopOutcome {}
}
