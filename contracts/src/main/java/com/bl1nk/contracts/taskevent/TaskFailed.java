package com.bl1nk.contracts.taskevent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The task failed for good: a limit, a step that cannot succeed, or too many attempts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskFailed(UUID taskId, String status, String reason, String output, String costUsd)
        implements TaskEnded {

    public static final String TYPE = "failed";

    @Override
    public String type() {
        return TYPE;
    }
}
