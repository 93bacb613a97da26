package com.bl1nk.common.stream;

/**
 * Maps logical Redis key and stream names to real keys by adding the configured prefix ({@code bl1nk.redis.key-prefix}),
 * so test runs and environments sharing one Redis never see each other's keys.
 */
public class StreamKeys {

    /** Suffix of the dead-letter stream of a stream. */
    public static final String DEAD_SUFFIX = ":dead";

    private final String prefix;

    public StreamKeys(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    /** The real key for a logical name, e.g. {@code bl1nk:tasks} becomes {@code <prefix>bl1nk:tasks}. */
    public String key(String name) {
        return prefix + name;
    }

    /** The real key of the dead-letter stream of a logical stream name: {@code <prefix><stream>:dead}. */
    public String deadLetter(String stream) {
        return key(stream + DEAD_SUFFIX);
    }

    /** The configured prefix (may be empty). */
    public String prefix() {
        return prefix;
    }
}
