package com.bl1nk.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class CanonicalJsonTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    record Body(String zeta, Map<String, Object> alpha, List<Object> middle, BigDecimal amount, Integer missing) {}

    @Test
    void sortsObjectPropertiesAtEveryDepthAndKeepsArrayOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 2);
        inner.put("a", Map.of("y", true, "x", false));
        String json = CanonicalJson.of(MAPPER, new Body("z", inner, List.of(3, Map.of("d", 1, "c", 0)), null, null));

        assertThat(json)
                .isEqualTo("{\"alpha\":{\"a\":{\"x\":false,\"y\":true},\"b\":2},\"amount\":null,"
                        + "\"middle\":[3,{\"c\":0,\"d\":1}],\"missing\":null,\"zeta\":\"z\"}");
    }

    @Test
    void sameContentInAnotherOrderHashesTheSame() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("model", "m");
        one.put("input", List.of("a", "b"));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("input", List.of("a", "b"));
        other.put("model", "m");

        assertThat(CanonicalJson.sha256(MAPPER, one)).isEqualTo(CanonicalJson.sha256(MAPPER, other));
        assertThat(CanonicalJson.sha256(MAPPER, one))
                .isNotEqualTo(CanonicalJson.sha256(MAPPER, Map.of("model", "m", "input", List.of("b", "a"))));
    }

    /** Idempotency hashes already stored must still match: the Jackson form equals the former hand-written one. */
    @Test
    void writesByteForByteWhatTheFormerHandWrittenSortingWrote() {
        Map<String, Object> tricky = new LinkedHashMap<>();
        tricky.put("é", "ünïcode \uD83D\uDE00 \"quoted\" back\\slash </script> \u0000 \n\t");
        tricky.put("Z", 1);
        tricky.put("a", -0.5);
        tricky.put("_", 1e20);
        tricky.put("10", new BigDecimal("1.10"));
        tricky.put("1", Long.MAX_VALUE);
        tricky.put("empty", Map.of());
        tricky.put("list", Arrays.asList(null, true, List.of(), Map.of("q", "r", "p", "s")));
        tricky.put("nothing", null);
        List<Object> inputs = List.of(
                tricky,
                new Body("z", tricky, List.of(tricky), new BigDecimal("0.000001"), 7),
                List.of(1, "two", 3.0),
                "just a string",
                42);

        for (Object input : inputs) {
            assertThat(CanonicalJson.of(MAPPER, input)).isEqualTo(handWritten(MAPPER.valueToTree(input)));
        }
        assertThat(CanonicalJson.of(MAPPER, null)).isEqualTo(handWritten(JsonNodeFactory.instance.nullNode()));
    }

    @Test
    void aFixedShapeKeepsItsRecordOrderButSortsTheMapsInside() {
        record Fingerprint(String title, Map<String, Object> schema) {}
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("b", Map.of("type", "string"), "a", Map.of("type", "number")));

        assertThat(CanonicalJson.ofFixedShape(new Fingerprint("t", schema)))
                .isEqualTo("{\"title\":\"t\",\"schema\":{\"properties\":{\"a\":{\"type\":\"number\"},"
                        + "\"b\":{\"type\":\"string\"}},\"type\":\"object\"}}");
    }

    /** The sorting CanonicalJson did by hand before it used Jackson's ordering, kept as the reference. */
    private static String handWritten(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
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
                out.append(MAPPER.writeValueAsString(entries.get(i).getKey())).append(':');
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
            out.append(MAPPER.writeValueAsString(node));
        }
    }
}
