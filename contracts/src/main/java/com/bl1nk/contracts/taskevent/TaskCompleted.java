package com.bl1nk.contracts.taskevent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The task succeeded with its answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskCompleted(UUID taskId, String status, String reason, String output, String costUsd)
        implements TaskEnded {

    public static final String TYPE = "completed";

    @Override
    public String type() {
        return TYPE;
    }
}
