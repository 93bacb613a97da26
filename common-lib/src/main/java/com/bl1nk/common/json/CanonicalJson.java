package com.bl1nk.common.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One canonical JSON form, compact with object properties and map entries ordered by key through Jackson's own
 * ordering features, so that the same content written in another order hashes the same.
 */
public final class CanonicalJson {

    /** Jackson's ordering: JSON object nodes and map entries by key; a record keeps its declared property order. */
    private static final JsonMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private CanonicalJson() {}

    /**
     * The canonical form of {@code value} as {@code mapper} sees it: converted to a tree first (so every object, also
     * one that was a record, has its properties sorted), then written compactly.
     */
    public static String of(JsonMapper mapper, Object value) {
        JsonNode tree = value == null ? JsonNodeFactory.instance.nullNode() : mapper.valueToTree(value);
        return SORTED.writeValueAsString(tree);
    }

    /**
     * {@code value} written with map entries and object nodes sorted by key but a record's properties in the order it
     * declares them, for fingerprints whose outer shape is fixed.
     */
    public static String ofFixedShape(Object value) {
        return SORTED.writeValueAsString(value);
    }

    /** {@code sha256:} and the hex SHA-256 of the canonical form of {@code value}. */
    public static String sha256(JsonMapper mapper, Object value) {
        return "sha256:" + sha256Hex(of(mapper, value));
    }

    /** The hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
