package com.bl1nk.rag.embedding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Embedding settings: batch size of the built-in model and the OpenAI-compatible providers a knowledge base may
 * choose instead (keys only from the environment).
 *
 * @param batchSize texts embedded per call when ingesting
 * @param maxInputs most inputs accepted by {@code POST /v1/embeddings} in one request
 * @param maxInputChars most characters of one input to {@code POST /v1/embeddings}
 * @param providers OpenAI-compatible providers by name
 */
@Validated
@ConfigurationProperties("bl1nk.rag.embedding")
public record EmbeddingProperties(
        @DefaultValue("32") @Min(1) @Max(512) int batchSize,
        @DefaultValue("256") @Min(1) @Max(2048) int maxInputs,
        @DefaultValue("20000") @Min(1) int maxInputChars,
        @DefaultValue Map<String, @Valid Provider> providers) {

    /**
     * One OpenAI-compatible embeddings provider.
     *
     * @param baseUrl base URL including {@code /v1}; requests go to {@code {baseUrl}/embeddings}
     * @param apiKey bearer key, from the environment; empty for keyless local servers
     * @param connectTimeout TCP connect timeout
     * @param readTimeout time to wait for the response
     */
    public record Provider(
            @NotBlank String baseUrl,
            @DefaultValue("") String apiKey,
            @DefaultValue("2s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration readTimeout) {}
}
