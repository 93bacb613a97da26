package com.bl1nk.mcp.registry;

import com.bl1nk.common.json.CanonicalJson;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** Fingerprint of what an agent is told about a tool (title, description, input schema), to detect silent changes. */
final class ToolHashing {

    private ToolHashing() {}

    /** The fixed outer shape of a fingerprint; the schema inside is canonical (keys sorted at every depth). */
    @JsonPropertyOrder({"title", "description", "inputSchema"})
    private record Fingerprint(String title, String description, Map<String, Object> inputSchema) {}

    static String hash(String title, String description, Map<String, Object> inputSchema) {
        return CanonicalJson.sha256Hex(CanonicalJson.ofFixedShape(
                new Fingerprint(title == null ? "" : title, description == null ? "" : description, inputSchema)));
    }
}
