package com.bl1nk.task.loop;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI-shaped streaming request body of a loop model call, built by the gateway. */
final class ChatBodies {

    private ChatBodies() {}

    static ObjectNode request(ObjectMapper json, ModelCall call, String model, int maxTokens) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_tokens", maxTokens);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : call.messages()) {
            ObjectNode node = messages.addObject();
            node.put("role", m.role());
            if (m.content() == null) {
                node.putNull("content");
            } else {
                node.put("content", m.content());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCallRequest tc : m.toolCalls()) {
                    ObjectNode c = calls.addObject();
                    c.put("id", tc.id());
                    c.put("type", "function");
                    c.putObject("function").put("name", tc.name()).put("arguments", tc.arguments());
                }
            }
            if (m.toolCallId() != null) {
                node.put("tool_call_id", m.toolCallId());
            }
        }
        if (!call.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : call.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name());
                fn.put("description", t.description());
                fn.set("parameters", t.parameters());
            }
        }
        return body;
    }
}
