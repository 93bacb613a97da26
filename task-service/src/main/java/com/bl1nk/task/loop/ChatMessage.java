package com.bl1nk.task.loop;

import java.util.List;

/**
 * One OpenAI-shaped chat message the loop sends to the model.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content text, may be {@code null} for an assistant message with tool calls only
 * @param toolCalls tool calls of an assistant message
 * @param toolCallId the call a {@code tool} message answers
 */
public record ChatMessage(String role, String content, List<ToolCallRequest> toolCalls, String toolCallId) {

    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null);
    }

    public static ChatMessage assistant(String content, List<ToolCallRequest> toolCalls) {
        return new ChatMessage("assistant", content, toolCalls, null);
    }

    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content, null, toolCallId);
    }
}
