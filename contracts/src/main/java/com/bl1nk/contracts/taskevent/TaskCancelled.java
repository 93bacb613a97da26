package com.bl1nk.contracts.taskevent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The task was cancelled, by request or because an ancestor ended; {@code status} and {@code costUsd} are absent when the cancel itself reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskCancelled(UUID taskId, String status, String reason, String output, String costUsd)
        implements TaskEnded {

    public static final String TYPE = "cancelled";

    @Override
    public String type() {
        return TYPE;
    }
}
