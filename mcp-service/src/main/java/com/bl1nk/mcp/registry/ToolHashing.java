package com.bl1nk.mcp.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/** Fingerprint of what an agent is told about a tool (title, description, input schema), to detect silent changes. */
final class ToolHashing {

    private ToolHashing() {}

    static String hash(JsonMapper mapper, String title, String description, Map<String, Object> inputSchema) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("title", title == null ? "" : title);
        canonical.put("description", description == null ? "" : description);
        canonical.put("inputSchema", sorted(inputSchema));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(mapper.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(ToolHashing::sorted).toList();
        }
        return value;
    }
}
