package com.bl1nk.contracts.taskevent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The task's deadline passed before it finished. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskTimedOut(UUID taskId, String status, String reason, String output, String costUsd)
        implements TaskEnded {

    public static final String TYPE = "timed_out";

    @Override
    public String type() {
        return TYPE;
    }
}
