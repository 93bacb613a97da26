package com.bl1nk.task.loop;

/**
 * A tool call the model asked for.
 *
 * @param id the model's call id, echoed in the tool result message
 * @param name function name as offered to the model
 * @param arguments JSON text of the arguments
 */
public record ToolCallRequest(String id, String name, String arguments) {}
