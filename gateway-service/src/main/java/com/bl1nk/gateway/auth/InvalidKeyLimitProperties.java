package com.bl1nk.gateway.auth;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The edge limit on keys that fail authentication, beside the other rate limits.
 *
 * @param invalidKeysPerIpPerMinute API keys that fail authentication one client IP may send per minute; beyond it the
 *     IP gets 429 before any key lookup, so a flood of made-up keys cannot load the database
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.rate-limit")
public record InvalidKeyLimitProperties(
        @Min(1) @DefaultValue("30") int invalidKeysPerIpPerMinute) {}
