package com.bl1nk.task.loop;

import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The loop's direct OpenAI-compatible model endpoint, used until the model layer's router is wired in.
 *
 * @param baseUrl endpoint including {@code /v1}
 * @param apiKey bearer key, empty for none (from the environment only)
 * @param defaultModel model when the agent names none
 * @param inputPerMTokUsd price of a million prompt tokens
 * @param outputPerMTokUsd price of a million completion tokens
 * @param maxOutputTokens upper bound on {@code max_tokens}
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout whole-call timeout
 */
@Validated
@ConfigurationProperties("bl1nk.task.loop.model")
public record ModelGatewayProperties(
        @DefaultValue("http://127.0.0.1:8090/v1") String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("mock-gpt") String defaultModel,
        @DefaultValue("0.50") BigDecimal inputPerMTokUsd,
        @DefaultValue("1.50") BigDecimal outputPerMTokUsd,
        @DefaultValue("1024") @Min(1) int maxOutputTokens,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("120s") Duration requestTimeout) {}
