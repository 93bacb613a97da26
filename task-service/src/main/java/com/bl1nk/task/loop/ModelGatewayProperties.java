package com.bl1nk.task.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the loop reaches models: directly (one OpenAI-compatible endpoint) or through the model layer's router.
 *
 * @param gateway {@code direct} (this endpoint, configured prices) or {@code router} (the model layer's routing,
 *     failover and billing reservations)
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
        @DefaultValue("router") @Pattern(regexp = "direct|router") String gateway,

        @DefaultValue("http://127.0.0.1:8090/v1") String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("mock-gpt") String defaultModel,
        @DefaultValue("0.50") BigDecimal inputPerMTokUsd,
        @DefaultValue("1.50") BigDecimal outputPerMTokUsd,
        @DefaultValue("1024") @Min(1) int maxOutputTokens,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("120s") Duration requestTimeout) {}
