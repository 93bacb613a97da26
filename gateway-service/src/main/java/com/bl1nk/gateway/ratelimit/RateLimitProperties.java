package com.bl1nk.gateway.ratelimit;

import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request budgets enforced at the edge so one client cannot starve the others.
 *
 * @param enabled whether limits are enforced at all
 * @param perKeyPerMinute default sustained rate per API key (a key's {@code rate_limit_per_minute} overrides it)
 * @param perKeyBurst bucket size per key; 0 means the same as the per-minute rate
 * @param perIpPerMinute sustained rate per client IP on the unauthenticated paths below; generous because GitHub
 *     delivers every organisation's webhooks from a few addresses (signature checks reject forgeries cheaply)
 * @param perIpBurst bucket size per IP; 0 means the same as the per-minute rate
 * @param ipLimitedPaths unauthenticated path patterns limited per client IP (webhooks)
 * @param signInPerIpPerMinute sustained rate per client IP on the sign-in paths (login, invitation and first-user
 *     links, SSO start and callback), on top of the per-account and per-address throttle of failed sign-ins
 * @param signInPaths the sign-in path patterns limited by {@code signInPerIpPerMinute}
 * <p>{@code invalid-keys-per-ip-per-minute} under the same prefix is bound by the auth package's
 * {@code InvalidKeyLimitProperties}.
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @DefaultValue("600") int perKeyPerMinute,
        @Min(0) @DefaultValue("0") int perKeyBurst,
        @Min(1) @DefaultValue("3000") int perIpPerMinute,
        @Min(0) @DefaultValue("0") int perIpBurst,
        @DefaultValue("/api/v1/webhooks/**") List<String> ipLimitedPaths,
        @Min(1) @DefaultValue("30") int signInPerIpPerMinute,

        @DefaultValue({
            "/api/v1/auth/login",
            "/api/v1/auth/invitations/accept",
            "/api/v1/auth/first-user",
            "/api/v1/auth/password-reset",
            "/api/v1/auth/password-reset/complete",
            "/api/v1/auth/sso/**"
        })
        List<String> signInPaths) {}
