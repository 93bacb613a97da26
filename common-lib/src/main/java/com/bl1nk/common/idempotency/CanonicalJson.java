package com.bl1nk.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Hashes request bodies so that the same JSON with fields in another order counts as the same request. */
final class CanonicalJson {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private CanonicalJson() {}

    static String hash(JsonMapper mapper, Object body) {
        JsonNode tree = body == null ? JsonNodeFactory.instance.nullNode() : mapper.valueToTree(body);
        StringBuilder out = new StringBuilder();
        write(tree, out);
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
            entries.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(PLAIN.writeValueAsString(entries.get(i).getKey())).append(':');
                write(entries.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(PLAIN.writeValueAsString(node));
        }
    }
}
