package com.bl1nk.gateway.edge;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-origin policy for browser clients (the dashboard, tenants' web apps); nothing is allowed until origins are
 * configured.
 *
 * @param allowedOrigins exact origins allowed, e.g. {@code https://app.example.com}
 * @param allowedOriginPatterns origin patterns allowed, e.g. {@code https://*.example.com}
 * @param allowedMethods HTTP methods a browser may use cross-origin
 * @param allowedHeaders request headers a browser may send cross-origin
 * @param exposedHeaders response headers scripts may read
 * @param allowCredentials whether cookies/credentials may be sent (never with a wildcard origin)
 * @param maxAge how long browsers may cache a preflight answer
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.cors")
public record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue List<String> allowedOriginPatterns,

        @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
        List<String> allowedMethods,

        @DefaultValue({"Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID", "traceparent", "tracestate"
        })
        List<String> allowedHeaders,

        @DefaultValue({
            "X-Trace-Id",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "Location"
        })
        List<String> exposedHeaders,

        @DefaultValue("false") boolean allowCredentials,
        @DefaultValue("1h") Duration maxAge) {}
