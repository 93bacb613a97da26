package com.bl1nk.mockllm;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Parsing of request bodies, turning malformed JSON into OpenAI's 400 instead of a server error. */
final class Requests {

    private Requests() {}

    static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            throw ApiError.invalidJson();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.invalidJson();
            }
            return node;
        } catch (JacksonException e) {
            throw ApiError.invalidJson();
        }
    }
}
