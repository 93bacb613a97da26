package com.bl1nk.mcp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ToolHashingTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static Map<String, Object> schema(boolean reversed) {
        Map<String, Object> name = new LinkedHashMap<>();
        Map<String, Object> props = new LinkedHashMap<>();
        Map<String, Object> schema = new LinkedHashMap<>();
        if (reversed) {
            name.put("description", "the näme \"quoted\"");
            name.put("type", "string");
            props.put("name", name);
            props.put("count", Map.of("type", "integer", "minimum", 1));
            schema.put("required", List.of("name", "count"));
            schema.put("properties", props);
            schema.put("type", "object");
        } else {
            schema.put("type", "object");
            schema.put("properties", props);
            schema.put("required", List.of("name", "count"));
            props.put("count", Map.of("minimum", 1, "type", "integer"));
            props.put("name", name);
            name.put("type", "string");
            name.put("description", "the näme \"quoted\"");
        }
        return schema;
    }

    @Test
    void schemaKeyOrderDoesNotChangeTheFingerprint() {
        assertThat(ToolHashing.hash("Title", "desc", schema(true)))
                .isEqualTo(ToolHashing.hash("Title", "desc", schema(false)));
        assertThat(ToolHashing.hash("Title", "other", schema(true)))
                .isNotEqualTo(ToolHashing.hash("Title", "desc", schema(true)));
    }

    /** Fingerprints already stored must still match: the Jackson form equals the former TreeMap one. */
    @Test
    void fingerprintIsByteForByteTheFormerHandSortedOne() throws Exception {
        assertThat(ToolHashing.hash("Title", "desc", schema(true))).isEqualTo(former("Title", "desc", schema(true)));
        assertThat(ToolHashing.hash(null, null, Map.of())).isEqualTo(former(null, null, Map.of()));
    }

    private static String former(String title, String description, Map<String, Object> inputSchema) throws Exception {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("title", title == null ? "" : title);
        canonical.put("description", description == null ? "" : description);
        canonical.put("inputSchema", sorted(inputSchema));
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(MAPPER.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8)));
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ToolHashingTests::sorted).toList();
        }
        return value;
    }
}
