package com.bl1nk.contracts.taskevent;

/**
 * The model asked for a tool call and the loop is about to make it.
 *
 * @param seq the tool step's sequence number
 * @param toolCallId the model's id of the call
 * @param name the function name the model used
 * @param arguments the arguments as the model wrote them (JSON text)
 */
public record ToolCalled(int seq, String toolCallId, String name, String arguments) implements TaskEvent {

    public static final String TYPE = "tool_call";

    @Override
    public String type() {
        return TYPE;
    }
}
