package com.bl1nk.common.identity;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The models an API key may call: exact model names ({@code gpt-4o-mini}, {@code openrouter/gpt-4o}) or a prefix
 * ending in {@code *} ({@code gpt-4o*}, {@code anthropic.*}); {@code *} alone allows every model. One definition for the
 * gateway (which validates a key's list) and the services (which enforce it where a model is chosen).
 */
public final class ModelAllowlist {

    /** Most patterns one key may list. */
    public static final int MAX_ENTRIES = 50;

    /** Longest pattern. */
    public static final int MAX_LENGTH = 200;

    private static final Pattern SYNTAX = Pattern.compile("^(\\*|[A-Za-z0-9][A-Za-z0-9._:/@+-]*\\*?)$");

    private ModelAllowlist() {}

    /** Why {@code pattern} is not a valid allowlist entry, or empty when it is. */
    public static Optional<String> problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return Optional.of("a model pattern must not be blank");
        }
        if (pattern.length() > MAX_LENGTH) {
            return Optional.of("model pattern longer than " + MAX_LENGTH + " characters");
        }
        if (!SYNTAX.matcher(pattern).matches()) {
            return Optional.of("invalid model pattern '" + pattern
                    + "'; use a model name (letters, digits and . _ : / @ + -), optionally ending in a single '*'");
        }
        return Optional.empty();
    }

    /** Whether {@code patterns} allow {@code model}; a {@code null} list allows every model. */
    public static boolean allows(List<String> patterns, String model) {
        if (patterns == null) {
            return true;
        }
        if (model == null) {
            return false;
        }
        for (String pattern : patterns) {
            if (pattern.endsWith("*")
                    ? model.startsWith(pattern.substring(0, pattern.length() - 1))
                    : model.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code patterns} allow a provider's model, named by its id or as {@code <provider>/<id>} (a key may be
     * limited to one provider's copy of a model).
     */
    public static boolean allows(List<String> patterns, String provider, String modelId) {
        return allows(patterns, modelId) || (provider != null && allows(patterns, provider + "/" + modelId));
    }

    /**
     * Whether everything {@code requested} allows, {@code held} allows too: a key limited to some models can only hand
     * on a list within its own ({@code null} = every model, which only an unlimited holder may grant).
     */
    public static boolean covers(List<String> held, List<String> requested) {
        if (held == null) {
            return true;
        }
        if (requested == null) {
            return false;
        }
        for (String pattern : requested) {
            boolean wildcard = pattern.endsWith("*");
            String stem = wildcard ? pattern.substring(0, pattern.length() - 1) : pattern;
            boolean covered = held.stream()
                    .anyMatch(h -> h.endsWith("*")
                            ? stem.startsWith(h.substring(0, h.length() - 1))
                            : !wildcard && h.equals(stem));
            if (!covered) {
                return false;
            }
        }
        return true;
    }
}
