package com.bl1nk.task.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** Assembles an answer from {@code chat.completion.chunk} objects: text deltas, tool call fragments and usage. */
final class StreamedReply {

    private final Consumer<String> onDelta;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String[]> tools = new TreeMap<>();
    private boolean sawText;
    private int promptTokens = -1;
    private int completionTokens = -1;

    StreamedReply(Consumer<String> onDelta) {
        this.onDelta = onDelta;
    }

    void accept(JsonNode chunk) {
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            promptTokens = usage.path("prompt_tokens").asInt();
            completionTokens = usage.path("completion_tokens").asInt();
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            JsonNode content = delta.get("content");
            if (content != null && content.isString() && !content.asString().isEmpty()) {
                sawText = true;
                text.append(content.asString());
                onDelta.accept(content.asString());
            }
            for (JsonNode tc : delta.path("tool_calls")) {
                String[] acc = tools.computeIfAbsent(tc.path("index").asInt(), i -> new String[] {"", "", ""});
                if (tc.hasNonNull("id")) {
                    acc[0] = tc.get("id").asString();
                }
                JsonNode fn = tc.path("function");
                if (fn.hasNonNull("name")) {
                    acc[1] = fn.get("name").asString();
                }
                if (fn.hasNonNull("arguments")) {
                    acc[2] = acc[2] + fn.get("arguments").asString();
                }
            }
        }
    }

    String text() {
        return sawText ? text.toString() : null;
    }

    int textLength() {
        return text.length();
    }

    List<ToolCallRequest> toolCalls() {
        List<ToolCallRequest> calls = new ArrayList<>();
        tools.values().forEach(a -> calls.add(new ToolCallRequest(a[0], a[1], a[2].isBlank() ? "{}" : a[2])));
        return calls;
    }

    /** Reported prompt tokens, or -1 when the stream carried no usage. */
    int promptTokens() {
        return promptTokens;
    }

    int completionTokens() {
        return completionTokens;
    }
}
