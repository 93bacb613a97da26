package com.bl1nk.common.web;

import java.util.Locale;

/**
 * Which raw request paths are refused everywhere: a {@code .}/{@code ..} segment, a {@code ;} or an encoded {@code .},
 * {@code /} or {@code \}. Authorisation matches the raw path while routing may resolve it differently, so such a path
 * could step out of the prefix it was authorised for; the gateway refuses them at the edge, and every service again
 * behind it (a service reached around the gateway must not be fooled either).
 */
public final class SafePaths {

    /** The detail every refusal carries. */
    public static final String DETAIL = "The request path contains a dot-segment, a ';' path parameter, an encoded"
            + " separator ('%2e', '%2f' or '%5c') or an encoded plain character; send the normalised path";

    private SafePaths() {}

    /** Whether the raw (still percent-encoded) path has a dot-segment, a {@code ;} or an encoded dot or slash. */
    public static boolean isUnsafe(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return false;
        }
        if (rawPath.indexOf(';') >= 0 || rawPath.indexOf('\\') >= 0) {
            return true;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return true;
        }
        // an encoded letter, digit or '-', '_', '~' means the same path as the plain character, but the raw path would
        // not match what policies compare it with ("/%6Dcp" is "/mcp")
        for (int i = lower.indexOf('%'); i >= 0 && i + 2 < lower.length(); i = lower.indexOf('%', i + 1)) {
            int c = Character.digit(lower.charAt(i + 1), 16) * 16 + Character.digit(lower.charAt(i + 2), 16);
            if (c >= 0 && (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '~')) {
                return true;
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
