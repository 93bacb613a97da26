package com.bl1nk.contracts.taskevent;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool call returned (a tool error is a result too, which the model sees).
 *
 * @param seq the tool step's sequence number
 * @param toolCallId the model's id of the call
 * @param name the function name the model used
 * @param isError whether the tool reported an error
 * @param result the result text, abbreviated to 2000 characters
 */
public record ToolCallCompleted(
        int seq,
        String toolCallId,
        String name,
        @JsonProperty("isError") boolean isError,
        String result) implements TaskEvent {

    public static final String TYPE = "tool_result";

    /** Longest result text the event carries. */
    public static final int MAX_RESULT_CHARS = 2000;

    @Override
    public String type() {
        return TYPE;
    }
}
