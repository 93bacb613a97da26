package com.bl1nk.mockllm;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The parts of an OpenAI chat completion request the mock acts on, validated like the real API would. */
record ChatRequest(
        String model,
        List<String> messageTexts,
        String lastRole,
        String lastText,
        String lastUserText,
        boolean stream,
        boolean includeUsage,
        Integer maxTokens,
        List<String> stop,
        boolean jsonMode) {

    static ChatRequest from(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ApiError.invalidJson();
        }
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) {
            throw ApiError.badRequest("you must provide a model parameter", "model");
        }
        if (!model.isString() || model.stringValue().isBlank()) {
            throw ApiError.badRequest("model must be a non-empty string", "model");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ApiError.badRequest("Missing required parameter: 'messages'.", "messages");
        }
        if (messages.isEmpty()) {
            throw ApiError.badRequest(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
        }
        List<String> texts = new ArrayList<>(messages.size());
        String lastRole = null;
        String lastUserText = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject()) {
                throw ApiError.badRequest("Invalid type for '" + param + "': expected an object.", param);
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isString()) {
                throw ApiError.badRequest("Missing required parameter: '" + param + ".role'.", param + ".role");
            }
            String text = messageText(message, param);
            texts.add(text);
            lastRole = role.stringValue();
            if ("user".equals(lastRole)) {
                lastUserText = text;
            }
        }
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && (!n.isInt() || n.intValue() != 1)) {
            throw ApiError.badRequest("mock-llm supports only n=1", "n");
        }
        boolean stream = booleanField(root, "stream");
        boolean includeUsage = false;
        JsonNode streamOptions = root.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw ApiError.badRequest("stream_options must be an object", "stream_options");
            }
            includeUsage = booleanField(streamOptions, "include_usage");
        }
        Integer maxTokens = positiveIntOrNull(root, "max_completion_tokens");
        Integer legacyMax = positiveIntOrNull(root, "max_tokens");
        if (maxTokens == null) {
            maxTokens = legacyMax;
        } else if (legacyMax != null) {
            maxTokens = Math.min(maxTokens, legacyMax);
        }
        List<String> stop = stopSequences(root.get("stop"));
        boolean jsonMode = false;
        JsonNode format = root.get("response_format");
        if (format != null && !format.isNull()) {
            String type = format.path("type").asString("");
            switch (type) {
                case "text" -> jsonMode = false;
                case "json_object", "json_schema" -> jsonMode = true;
                default ->
                    throw ApiError.badRequest(
                            "Invalid value for 'response_format.type': expected text, json_object or json_schema.",
                            "response_format.type");
            }
        }
        return new ChatRequest(
                model.stringValue(),
                List.copyOf(texts),
                lastRole,
                texts.getLast(),
                lastUserText,
                stream,
                includeUsage,
                maxTokens,
                stop,
                jsonMode);
    }

    /** Text of a message as the tokenizer counts it: content (or its text parts) plus any tool calls. */
    private static String messageText(JsonNode message, String param) {
        StringBuilder text = new StringBuilder();
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            // allowed, e.g. an assistant message that only calls tools
        } else if (content.isString()) {
            text.append(content.stringValue());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode partText = part.get("text");
                if (partText != null && partText.isString()) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(partText.stringValue());
                }
            }
        } else {
            throw ApiError.badRequest(
                    "Invalid type for '" + param + ".content': expected a string or an array.", param + ".content");
        }
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (JsonNode call : toolCalls) {
                JsonNode function = call.path("function");
                text.append('\n').append(function.path("name").asString(""));
                text.append('\n').append(function.path("arguments").asString(""));
            }
        }
        return text.toString();
    }

    private static boolean booleanField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequest("Invalid type for '" + field + "': expected a boolean.", field);
        }
        return value.booleanValue();
    }

    private static Integer positiveIntOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt() || value.intValue() < 1) {
            throw ApiError.badRequest("Invalid '" + field + "': expected an integer >= 1.", field);
        }
        return value.intValue();
    }

    private static List<String> stopSequences(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isString()) {
            return stop.stringValue().isEmpty() ? List.of() : List.of(stop.stringValue());
        }
        if (stop.isArray() && stop.size() <= 4) {
            List<String> sequences = new ArrayList<>();
            for (JsonNode s : stop) {
                if (!s.isString()) {
                    throw ApiError.badRequest("Invalid 'stop': expected strings.", "stop");
                }
                if (!s.stringValue().isEmpty()) {
                    sequences.add(s.stringValue());
                }
            }
            return List.copyOf(sequences);
        }
        throw ApiError.badRequest("Invalid 'stop': expected a string or an array of up to 4 strings.", "stop");
    }
}
