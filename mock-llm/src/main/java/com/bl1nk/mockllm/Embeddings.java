package com.bl1nk.mockllm;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/embeddings}: deterministic pseudo-embeddings, so retrieval tests and the offline demo run without a
 * model.
 *
 * <p>A vector is a hashed bag of words: every token (see {@link MockTokenizer}, lower-cased) contributes a Gaussian
 * vector seeded by the SHA-256 of the token, and the sum is L2-normalised. Equal texts give equal vectors and texts
 * that share words are closer in cosine than unrelated ones.
 */
final class Embeddings {

    private static final int MAX_DIMENSIONS = 8192;

    private final MockLlmServer server;

    Embeddings(MockLlmServer server) {
        this.server = server;
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode root = Requests.parseJson(body);
        if (!root.isObject()) {
            throw ApiError.invalidJson();
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isString() || model.stringValue().isBlank()) {
            throw ApiError.badRequest("you must provide a model parameter", "model");
        }
        List<String> inputs = inputs(root.get("input"));
        int dimensions = server.config().embeddingDimension();
        JsonNode requested = root.get("dimensions");
        if (requested != null && !requested.isNull()) {
            if (!requested.isInt() || requested.intValue() < 1 || requested.intValue() > MAX_DIMENSIONS) {
                throw ApiError.badRequest(
                        "Invalid 'dimensions': expected an integer 1.." + MAX_DIMENSIONS, "dimensions");
            }
            dimensions = requested.intValue();
        }
        String encoding = root.path("encoding_format").asString("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            throw ApiError.badRequest("Invalid 'encoding_format': expected float or base64.", "encoding_format");
        }
        Rule rule = server.ruleBook()
                .select(new Rule.MatchInput(
                        Rule.Endpoint.EMBEDDINGS,
                        model.stringValue(),
                        "user",
                        String.join("\n", inputs),
                        exchange.getRequestHeaders()));
        HttpIo.sleep(server.timing(rule).extra());
        if (rule.fault() == Rule.Fault.HANG) {
            server.hang();
        }
        if (rule.error() != null) {
            HttpIo.sendError(exchange, rule.error());
            return;
        }
        if (rule.fault() == Rule.Fault.DISCONNECT) {
            throw new AbortConnection("scripted disconnect on embeddings");
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("object", "list");
        ArrayNode data = response.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = embed(inputs.get(i), dimensions);
            tokens += MockTokenizer.count(inputs.get(i));
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (encoding.equals("base64")) {
                ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    buffer.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        response.put("model", model.stringValue());
        ObjectNode usage = response.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        HttpIo.sendJson(exchange, 200, response);
    }

    private static List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw ApiError.badRequest("Missing required parameter: 'input'.", "input");
        }
        List<String> inputs = new ArrayList<>();
        if (input.isString()) {
            inputs.add(input.stringValue());
        } else if (input.isArray() && !input.isEmpty()) {
            if (input.get(0).isInt()) {
                inputs.add(tokenIds(input));
            } else {
                for (JsonNode item : input) {
                    if (item.isString()) {
                        inputs.add(item.stringValue());
                    } else if (item.isArray() && !item.isEmpty()) {
                        inputs.add(tokenIds(item));
                    } else {
                        throw invalidInput();
                    }
                }
            }
        } else {
            throw invalidInput();
        }
        if (inputs.size() > 2048) {
            throw ApiError.badRequest("'input' must have at most 2048 items.", "input");
        }
        for (String text : inputs) {
            if (text.isEmpty()) {
                throw invalidInput();
            }
        }
        return inputs;
    }

    private static String tokenIds(JsonNode array) {
        StringBuilder text = new StringBuilder();
        for (JsonNode id : array) {
            if (!id.isInt()) {
                throw invalidInput();
            }
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(id.intValue());
        }
        return text.toString();
    }

    private static ApiError invalidInput() {
        return ApiError.badRequest(
                "'$.input' is invalid. Expected a non-empty string, an array of non-empty strings, or token arrays.",
                "input");
    }

    /** The deterministic unit vector of {@code text} (see the class comment). */
    static float[] embed(String text, int dimensions) {
        List<String> tokens = new ArrayList<>();
        for (String piece : MockTokenizer.pieces(text)) {
            String token = piece.strip().toLowerCase(Locale.ROOT);
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        if (tokens.isEmpty()) {
            tokens.add(text);
        }
        double[] sum = new double[dimensions];
        for (String token : tokens) {
            SplittableRandom random = new SplittableRandom(seed(token));
            for (int i = 0; i < dimensions; i++) {
                sum[i] += random.nextGaussian();
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = norm == 0 ? (float) (1 / Math.sqrt(dimensions)) : (float) (sum[i] / norm);
        }
        return vector;
    }

    private static long seed(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
