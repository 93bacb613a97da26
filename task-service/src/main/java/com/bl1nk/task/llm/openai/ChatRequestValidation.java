package com.bl1nk.task.llm.openai;

import com.bl1nk.common.error.ApiException;
import java.math.BigInteger;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the parts of a chat request bl1nk relies on (model, messages, stream flags, limits) and leaves everything
 * else for the provider to judge, so new OpenAI fields pass through untouched.
 */
final class ChatRequestValidation {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final int MAX_MESSAGES = 10_000;

    private ChatRequestValidation() {}

    static void validate(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            throw ApiException.invalidField("model", "is required: a model id or a routing policy name");
        }
        if (model.asString().length() > 256) {
            throw ApiException.invalidField("model", "is longer than 256 characters");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalidField("messages", "must be a non-empty array");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw ApiException.invalidField("messages", "has more than " + MAX_MESSAGES + " entries");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw ApiException.invalidField("messages[" + i + "]", "must be an object");
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
                throw ApiException.invalidField("messages[" + i + "].role", "must be one of " + ROLES);
            }
            JsonNode content = m.get("content");
            if (content != null && !content.isNull() && !content.isString() && !content.isArray()) {
                throw ApiException.invalidField("messages[" + i + "].content", "must be a string or an array of parts");
            }
        }
        requireBoolean(body, "stream");
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw ApiException.invalidField("stream_options", "must be an object");
            }
            requireBoolean((ObjectNode) options, "include_usage");
        }
        for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull() && !isIntegerBetween(v, 1, 10_000_000)) {
                throw ApiException.invalidField(field, "must be an integer from 1 to 10000000");
            }
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null
                && !temperature.isNull()
                && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
            throw ApiException.invalidField("temperature", "must be a number between 0 and 2");
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw ApiException.invalidField("tools", "must be an array");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode fn = tools.get(i).path("function");
                if (!fn.path("name").isString() || fn.path("name").asString().isBlank()) {
                    throw ApiException.invalidField("tools[" + i + "].function.name", "is required");
                }
            }
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !isIntegerBetween(n, 1, 16)) {
            throw ApiException.invalidField("n", "must be an integer from 1 to 16");
        }
    }

    /**
     * Whether the node is an integer in range; checked on the exact value first because converting a number beyond
     * long's range (e.g. 2^63) throws instead of answering, which would turn bad input into a 500.
     */
    static boolean isIntegerBetween(JsonNode v, long min, long max) {
        if (!v.isIntegralNumber()) {
            return false;
        }
        BigInteger value = v.bigIntegerValue();
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private static void requireBoolean(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw ApiException.invalidField(field, "must be true or false");
        }
    }
}
