package com.bl1nk.task.tasks;

import java.util.Locale;

/** What one persisted step of the agent loop did. */
public enum StepKind {
    RETRIEVAL,
    MODEL,
    TOOL,
    DELEGATE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
