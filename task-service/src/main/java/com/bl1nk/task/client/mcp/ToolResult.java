package com.bl1nk.task.client.mcp;

/**
 * The result of a tool call as the model will read it.
 *
 * @param text the tool's text content (joined)
 * @param isError whether the tool itself reported an error (the model sees it and may recover)
 */
public record ToolResult(String text, boolean isError) {}
