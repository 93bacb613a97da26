package com.bl1nk.mockllm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of one mock server; every setter returns a changed copy, so
 * {@code MockLlmConfig.defaults().port(0)} reads naturally in tests.
 */
public final class MockLlmConfig {

    /** Default port of the standalone server. */
    public static final int DEFAULT_PORT = 8090;

    /** Default model ids served by {@code GET /v1/models}. */
    public static final List<String> DEFAULT_MODELS = List.of("mock-gpt", "mock-gpt-mini", "mock-embedding");

    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private List<String> models = DEFAULT_MODELS;
    private int embeddingDimension = 384;
    private String requiredApiKey;
    private long maxRequestBodyBytes = 10L * 1024 * 1024;
    private Duration timeToFirstToken = Duration.ZERO;
    private Duration tokenDelay = Duration.ZERO;
    private Duration extraLatency = Duration.ZERO;
    private Duration maxHang = Duration.ofMinutes(10);
    private int requestLogLimit = 10_000;
    private List<Rule> rules = List.of();

    private MockLlmConfig() {}

    /** Loopback, port 8090, no latency, no API key, no rules (every chat gets the echo answer). */
    public static MockLlmConfig defaults() {
        return new MockLlmConfig();
    }

    private MockLlmConfig copy() {
        MockLlmConfig c = new MockLlmConfig();
        c.host = host;
        c.port = port;
        c.models = models;
        c.embeddingDimension = embeddingDimension;
        c.requiredApiKey = requiredApiKey;
        c.maxRequestBodyBytes = maxRequestBodyBytes;
        c.timeToFirstToken = timeToFirstToken;
        c.tokenDelay = tokenDelay;
        c.extraLatency = extraLatency;
        c.maxHang = maxHang;
        c.requestLogLimit = requestLogLimit;
        c.rules = rules;
        return c;
    }

    /** Address to bind; {@code 127.0.0.1} by default. */
    public MockLlmConfig host(String host) {
        MockLlmConfig c = copy();
        c.host = Objects.requireNonNull(host, "host");
        return c;
    }

    /** Port to bind; 0 picks a free one (see {@link MockLlmServer#port()}). */
    public MockLlmConfig port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        MockLlmConfig c = copy();
        c.port = port;
        return c;
    }

    /** Model ids listed by {@code GET /v1/models} (chat and embeddings accept any model id). */
    public MockLlmConfig models(List<String> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one model id is needed");
        }
        MockLlmConfig c = copy();
        c.models = List.copyOf(models);
        return c;
    }

    /** Embedding vector length when the request does not ask for {@code dimensions}; 384 by default. */
    public MockLlmConfig embeddingDimension(int dimension) {
        if (dimension < 1 || dimension > 8192) {
            throw new IllegalArgumentException("embedding dimension must be 1..8192");
        }
        MockLlmConfig c = copy();
        c.embeddingDimension = dimension;
        return c;
    }

    /** When set, {@code /v1/*} requests need {@code Authorization: Bearer <key>} or get 401. */
    public MockLlmConfig requireApiKey(String key) {
        MockLlmConfig c = copy();
        c.requiredApiKey = key == null || key.isEmpty() ? null : key;
        return c;
    }

    /** Larger request bodies get 413; 10 MB by default. */
    public MockLlmConfig maxRequestBodyBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 1");
        }
        MockLlmConfig c = copy();
        c.maxRequestBodyBytes = bytes;
        return c;
    }

    /** Delay before the first token (after the response headers of a stream); zero by default. */
    public MockLlmConfig timeToFirstToken(Duration delay) {
        MockLlmConfig c = copy();
        c.timeToFirstToken = nonNegative(delay);
        return c;
    }

    /** Delay between streamed tokens (non-streaming answers wait the same total); zero by default. */
    public MockLlmConfig tokenDelay(Duration delay) {
        MockLlmConfig c = copy();
        c.tokenDelay = nonNegative(delay);
        return c;
    }

    /** Fixed latency before anything is sent; zero by default. */
    public MockLlmConfig extraLatency(Duration delay) {
        MockLlmConfig c = copy();
        c.extraLatency = nonNegative(delay);
        return c;
    }

    /** Upper bound of a {@link Rule#hang()}, after which the connection is dropped; 10 minutes by default. */
    public MockLlmConfig maxHang(Duration maxHang) {
        MockLlmConfig c = copy();
        c.maxHang = nonNegative(maxHang);
        return c;
    }

    /** How many requests the log keeps (oldest dropped first); 10,000 by default. */
    public MockLlmConfig requestLogLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("requestLogLimit must be >= 1");
        }
        MockLlmConfig c = copy();
        c.requestLogLimit = limit;
        return c;
    }

    /** Rules active at start and after every reset; none by default. */
    public MockLlmConfig rules(List<Rule> rules) {
        MockLlmConfig c = copy();
        c.rules = List.copyOf(rules);
        return c;
    }

    private static Duration nonNegative(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        return d;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public List<String> models() {
        return models;
    }

    public int embeddingDimension() {
        return embeddingDimension;
    }

    /** The required API key, or null when none is required. */
    public String requiredApiKey() {
        return requiredApiKey;
    }

    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    public Duration timeToFirstToken() {
        return timeToFirstToken;
    }

    public Duration tokenDelay() {
        return tokenDelay;
    }

    public Duration extraLatency() {
        return extraLatency;
    }

    public Duration maxHang() {
        return maxHang;
    }

    public int requestLogLimit() {
        return requestLogLimit;
    }

    public List<Rule> rules() {
        return rules;
    }
}
