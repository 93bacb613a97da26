package com.bl1nk.mcp.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of call arguments for the audit: keys and types with sizes, never values, so a secret passed as an
 * argument is not written anywhere.
 */
final class ArgumentShape {

    private static final int MAX_DEPTH = 4;
    private static final int MAX_KEYS = 50;

    private ArgumentShape() {}

    static Object of(Object value) {
        return shape(value, 0);
    }

    private static Object shape(Object value, int depth) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            if (depth >= MAX_DEPTH) {
                return "object(" + map.size() + ")";
            }
            Map<String, Object> out = new LinkedHashMap<>();
            int n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (n++ >= MAX_KEYS) {
                    out.put("…", (map.size() - MAX_KEYS) + " more keys");
                    break;
                }
                String key = String.valueOf(e.getKey());
                out.put(key.length() > 64 ? key.substring(0, 64) : key, shape(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            return "array(" + list.size() + ")";
        }
        if (value instanceof String s) {
            return "string(" + s.length() + ")";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        return value.getClass().getSimpleName();
    }
}
