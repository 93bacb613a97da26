package com.bl1nk.mcp.execution;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns SDK content blocks into plain JSON blocks and enforces the output cap: text is cut at the cap (on a character
 * boundary), binary blocks that do not fit are dropped, and a notice block says what was cut.
 */
final class ResultNormalizer {

    /** Normalised content and how much of it there was. */
    record Normalized(List<Map<String, Object>> content, Object structured, boolean truncated, long totalBytes) {}

    private ResultNormalizer() {}

    static Normalized normalize(McpSchema.CallToolResult result, int capBytes, String structuredJson) {
        List<Map<String, Object>> out = new ArrayList<>();
        long total = 0;
        long kept = 0;
        boolean truncated = false;
        List<McpSchema.Content> blocks = result.content() == null ? List.of() : result.content();
        for (McpSchema.Content block : blocks) {
            Map<String, Object> m = toMap(block);
            long size = sizeOf(m);
            total += size;
            if (truncated) {
                continue;
            }
            if (kept + size <= capBytes) {
                out.add(m);
                kept += size;
                continue;
            }
            truncated = true;
            long room = capBytes - kept;
            if ("text".equals(m.get("type")) && room > 0) {
                m.put("text", cut((String) m.get("text"), (int) room));
                out.add(m);
                kept += room;
            }
        }
        Object structured = result.structuredContent();
        if (structured != null && structuredJson != null) {
            long size = structuredJson.getBytes(StandardCharsets.UTF_8).length;
            total += size;
            if (kept + size > capBytes) {
                structured = null;
                truncated = true;
            }
        }
        if (truncated) {
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("type", "text");
            notice.put(
                    "text",
                    "[bl1nk: tool output truncated: " + total + " bytes produced, the limit is " + capBytes
                            + " bytes]");
            out.add(notice);
        }
        return new Normalized(out, structured, truncated, total);
    }

    private static Map<String, Object> toMap(McpSchema.Content block) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (block) {
            case McpSchema.TextContent text -> {
                m.put("type", "text");
                m.put("text", text.text());
            }
            case McpSchema.ImageContent image -> {
                m.put("type", "image");
                m.put("mimeType", image.mimeType());
                m.put("data", image.data());
            }
            case McpSchema.AudioContent audio -> {
                m.put("type", "audio");
                m.put("mimeType", audio.mimeType());
                m.put("data", audio.data());
            }
            case McpSchema.EmbeddedResource embedded -> {
                m.put("type", "resource");
                McpSchema.ResourceContents contents = embedded.resource();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("uri", contents.uri());
                if (contents.mimeType() != null) {
                    r.put("mimeType", contents.mimeType());
                }
                if (contents instanceof McpSchema.TextResourceContents t) {
                    r.put("text", t.text());
                } else if (contents instanceof McpSchema.BlobResourceContents b) {
                    r.put("blob", b.blob());
                }
                m.put("resource", r);
            }
            case McpSchema.ResourceLink link -> {
                m.put("type", "resource_link");
                m.put("uri", link.uri());
                m.put("name", link.name());
                if (link.mimeType() != null) {
                    m.put("mimeType", link.mimeType());
                }
            }
            default -> {
                m.put("type", "unsupported");
                m.put("text", "[bl1nk: unsupported content block " + block.type() + "]");
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static long sizeOf(Map<String, Object> m) {
        long size = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (e.getKey().equals("type")) {
                continue;
            }
            if (v instanceof String s) {
                size += s.getBytes(StandardCharsets.UTF_8).length;
            } else if (v instanceof Map<?, ?> inner) {
                size += sizeOf((Map<String, Object>) inner);
            }
        }
        return size;
    }

    /** The longest prefix of {@code text} whose UTF-8 encoding fits in {@code maxBytes}. */
    static String cut(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
