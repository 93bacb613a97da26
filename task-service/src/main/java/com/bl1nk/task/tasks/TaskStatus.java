package com.bl1nk.task.tasks;

import java.util.Locale;

/** Lifecycle of a task: queued → running → one of the terminal states, each with a reason. */
public enum TaskStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    /** Whether nothing will change the task any more. */
    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    /** The lower-case name used in the database and the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the database / API form. */
    public static TaskStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
