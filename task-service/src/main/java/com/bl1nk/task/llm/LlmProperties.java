package com.bl1nk.task.llm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the model layer: the offline mock mode, the platform's own providers, and the retry, breaker and timeout
 * limits every call runs under.
 *
 * @param mode {@code mock} sends every call to mock-llm (what {@code ./bl1nk up} sets without real keys);
 *     {@code providers} routes across the configured and tenant providers
 * @param mockBaseUrl where mock-llm listens in mock mode (OpenAI base URL including {@code /v1})
 * @param mockModels model ids mock mode lists
 * @param providers platform providers every tenant may use (secrets from the environment only)
 * @param retry retry layer limits
 * @param breaker circuit breaker thresholds (one breaker per provider+model)
 * @param timeouts per-attempt time limits
 * @param defaultMaxOutputTokens output tokens assumed for the budget reservation when the request sets no maximum
 * @param priceCacheTtl how long billing's prices are cached
 * @param maxRequestBytes largest accepted {@code /v1/chat/completions} body
 */
@Validated
@ConfigurationProperties("bl1nk.task.llm")
public record LlmProperties(
        @DefaultValue("providers") @NotNull Mode mode,
        @DefaultValue("http://127.0.0.1:8090/v1") @NotBlank String mockBaseUrl,
        @DefaultValue({"mock-gpt", "mock-gpt-mini"}) List<String> mockModels,
        @Valid List<PlatformProvider> providers,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid Breaker breaker,
        @DefaultValue @Valid Timeouts timeouts,
        @DefaultValue("4096") @Min(1) int defaultMaxOutputTokens,
        @DefaultValue("60s") Duration priceCacheTtl,
        @DefaultValue("8388608") @Min(1024) long maxRequestBytes) {

    public LlmProperties {
        providers = providers == null ? List.of() : List.copyOf(providers);
        mockModels = mockModels == null || mockModels.isEmpty() ? List.of("mock-gpt") : List.copyOf(mockModels);
    }

    /** Where calls go. */
    public enum Mode {
        /** Every call to mock-llm, whatever the model. */
        MOCK,
        /** Configured platform providers plus tenant providers. */
        PROVIDERS
    }

    /**
     * A provider configured for the whole platform.
     *
     * @param name name shown in headers and usage, and looked up in billing's price book
     * @param kind {@code openai_compatible}, {@code bedrock} or {@code mock}
     * @param baseUrl OpenAI base URL including {@code /v1}; for Bedrock an optional endpoint override
     * @param apiKey bearer key (from the environment)
     * @param headers extra headers sent on every call
     * @param region AWS region (Bedrock)
     * @param accessKeyId static AWS key id (Bedrock); empty uses the default credentials chain
     * @param secretAccessKey static AWS secret (Bedrock)
     * @param models models served
     */
    public record PlatformProvider(
            @NotBlank String name,
            @NotBlank String kind,
            String baseUrl,
            String apiKey,
            Map<String, String> headers,
            String region,
            String accessKeyId,
            String secretAccessKey,
            @Valid List<Model> models) {

        public PlatformProvider {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            models = models == null ? List.of() : List.copyOf(models);
        }
    }

    /**
     * One model of a platform provider.
     *
     * @param id id clients use
     * @param upstreamId id sent upstream (defaults to id)
     * @param contextWindow context window in tokens
     * @param supportsTools whether tools are supported
     */
    public record Model(@NotBlank String id, String upstreamId, Integer contextWindow, Boolean supportsTools) {}

    /**
     * Retry layer limits.
     *
     * @param maxRetries retries on the same provider+model after the first attempt
     * @param initialBackoff ceiling of the first backoff
     * @param maxBackoff largest backoff
     * @param maxRetryAfter longest {@code Retry-After} waited for; longer means fail over at once
     */
    public record Retry(
            @DefaultValue("2") @Min(0) @Max(10) int maxRetries,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("10s") Duration maxRetryAfter) {}

    /**
     * Circuit breaker thresholds.
     *
     * @param slidingWindowSize attempts the failure rate is computed over
     * @param minimumNumberOfCalls attempts before the breaker may open
     * @param failureRateThreshold failure percentage that opens it
     * @param waitInOpenState how long it stays open before half-open probes
     * @param permittedCallsInHalfOpenState probes allowed when half-open
     */
    public record Breaker(
            @DefaultValue("20") @Min(1) int slidingWindowSize,
            @DefaultValue("10") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("50") @Min(1) @Max(100) float failureRateThreshold,
            @DefaultValue("30s") Duration waitInOpenState,
            @DefaultValue("2") @Min(1) int permittedCallsInHalfOpenState) {}

    /**
     * Per-attempt time limits.
     *
     * @param connect TCP connect
     * @param firstByte until response headers, and for streams until the first chunk
     * @param streamIdle longest gap between streamed chunks
     * @param total whole non-streaming answer
     */
    public record Timeouts(
            @DefaultValue("5s") Duration connect,
            @DefaultValue("60s") Duration firstByte,
            @DefaultValue("60s") Duration streamIdle,
            @DefaultValue("300s") Duration total) {}
}
