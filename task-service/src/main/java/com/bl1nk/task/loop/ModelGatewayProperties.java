package com.bl1nk.task.loop;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the loop asks the model layer for when the agent leaves it open.
 *
 * @param defaultModel model when the agent names neither a model nor a routing policy
 * @param maxOutputTokens upper bound on {@code max_tokens} of one loop model call
 */
@Validated
@ConfigurationProperties("bl1nk.task.loop.model")
public record ModelGatewayProperties(
        @DefaultValue("mock-gpt") String defaultModel,
        @DefaultValue("1024") @Min(1) int maxOutputTokens) {}
