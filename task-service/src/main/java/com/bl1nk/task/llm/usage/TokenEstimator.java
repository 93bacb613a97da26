package com.bl1nk.task.llm.usage;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import tools.jackson.databind.JsonNode;

/**
 * Counts tokens with a real BPE tokenizer (cl100k_base) when a provider reports no usage, and for budget reservations
 * before a call; such counts are estimates and are flagged as such in usage events.
 */
public final class TokenEstimator {

    /** Tokens OpenAI's chat format adds per message (role and separators). */
    private static final int PER_MESSAGE = 4;

    /** Tokens that prime the assistant's reply. */
    private static final int REPLY_PRIMER = 3;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /** Tokens in a text. */
    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }

    /** Estimated prompt tokens of an OpenAI chat request: messages plus tool definitions. */
    public int promptTokens(JsonNode request) {
        int total = REPLY_PRIMER;
        JsonNode messages = request.path("messages");
        int bounded = Math.min(messages.size(), 100_000);
        for (int i = 0; i < bounded; i++) {
            JsonNode message = messages.get(i);
            total += PER_MESSAGE + count(message.path("role").asString("")) + count(textOf(message.get("content")));
            if (message.hasNonNull("name")) {
                total += count(message.path("name").asString(""));
            }
            for (JsonNode call : message.path("tool_calls")) {
                total += count(call.path("function").path("name").asString(""));
                total += count(call.path("function").path("arguments").asString(""));
            }
        }
        JsonNode tools = request.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            total += count(tools.toString());
        }
        return total;
    }

    /** The text of a message content: a string, or the text parts of a content array. */
    static String textOf(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("text").isString()) {
                    text.append(part.path("text").asString()).append('\n');
                }
            }
        }
        return text.toString();
    }
}
