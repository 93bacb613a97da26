package com.bl1nk.task.events;

/** Names of the events on a task's stream, as SSE {@code event:} lines show them. */
public final class TaskEventType {

    public static final String QUEUED = "queued";
    public static final String STARTED = "started";
    public static final String RETRIEVAL = "retrieval";
    public static final String MODEL_DELTA = "model_delta";
    public static final String TOOL_CALL = "tool_call";
    public static final String TOOL_RESULT = "tool_result";
    public static final String DELEGATED = "delegated";
    public static final String CHILD_COMPLETED = "child_completed";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String TIMED_OUT = "timed_out";

    private TaskEventType() {}

    /** Whether this event is the last a task's stream will carry. */
    public static boolean terminal(String type) {
        return COMPLETED.equals(type) || FAILED.equals(type) || CANCELLED.equals(type) || TIMED_OUT.equals(type);
    }
}
