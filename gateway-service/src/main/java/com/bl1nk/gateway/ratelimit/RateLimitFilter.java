package com.bl1nk.gateway.ratelimit;

import com.bl1nk.common.error.ReactiveProblemWriter;
import com.bl1nk.gateway.auth.Authenticated;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.web.ClientAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Rate limits per API key (authenticated requests) and per client IP (unauthenticated webhook and sign-in paths, each
 * in its own bucket) with a Redis token
 * bucket; over budget answers 429 with {@code Retry-After}. Every limited response carries {@code RateLimit-*} headers.
 * If Redis is unavailable the request passes: losing rate limiting briefly beats refusing all traffic.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    /** Right after authentication, which tells us the key. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 40;

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final TokenBucket bucket;
    private final RateLimitProperties properties;
    private final List<PathPattern> ipLimited;
    private final List<PathPattern> signIn;

    RateLimitFilter(TokenBucket bucket, RateLimitProperties properties) {
        this.bucket = bucket;
        this.properties = properties;
        this.ipLimited = properties.ipLimitedPaths().stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        this.signIn = properties.signInPaths().stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        Authenticated authenticated = Authenticated.of(exchange).orElse(null);
        if (authenticated != null && authenticated.identity().apiKeyId() != null) {
            int perMinute = authenticated.rateLimitPerMinute() != null
                    ? authenticated.rateLimitPerMinute()
                    : properties.perKeyPerMinute();
            int capacity =
                    authenticated.rateLimitPerMinute() != null ? perMinute : burst(properties.perKeyBurst(), perMinute);
            return limit(exchange, chain, "key:" + authenticated.identity().apiKeyId(), capacity, perMinute);
        }
        if (authenticated != null && authenticated.identity().principal().startsWith("user:")) {
            // a signed-in person gets the default budget of a key, per user (not per session)
            int perMinute = properties.perKeyPerMinute();
            return limit(
                    exchange,
                    chain,
                    authenticated.identity().principal(),
                    burst(properties.perKeyBurst(), perMinute),
                    perMinute);
        }
        if (authenticated == null
                && matches(signIn, exchange.getRequest().getPath().pathWithinApplication())) {
            int perMinute = properties.signInPerIpPerMinute();
            return limit(exchange, chain, "sign-in-ip:" + ClientAddress.of(exchange), perMinute, perMinute);
        }
        if (authenticated == null
                && matches(ipLimited, exchange.getRequest().getPath().pathWithinApplication())) {
            int perMinute = properties.perIpPerMinute();
            return limit(
                    exchange,
                    chain,
                    "ip:" + ClientAddress.of(exchange),
                    burst(properties.perIpBurst(), perMinute),
                    perMinute);
        }
        return chain.filter(exchange);
    }

    private Mono<Void> limit(
            ServerWebExchange exchange, WebFilterChain chain, String name, int capacity, int perMinute) {
        return bucket.take(name, capacity, perMinute)
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.warn("Rate limiter unavailable, letting the request pass: {}", e.toString());
                    return Mono.just(Optional.<TokenBucket.Decision>empty());
                })
                .flatMap(decision -> {
                    if (decision.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    TokenBucket.Decision d = decision.get();
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set("RateLimit-Limit", Integer.toString(d.limit()));
                    headers.set("RateLimit-Remaining", Long.toString(d.remaining()));
                    headers.set("RateLimit-Reset", Long.toString(seconds(d.untilFullMillis())));
                    headers.set("RateLimit-Policy", d.limit() + ";w=" + windowSeconds(d.limit(), perMinute));
                    if (d.allowed()) {
                        return chain.filter(exchange);
                    }
                    long retryAfter = Math.max(1, seconds(d.retryAfterMillis()));
                    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Rate limit of " + perMinute + " requests per minute exceeded; retry after " + retryAfter
                                    + " s");
                    problem.setProperty("retryAfterSeconds", retryAfter);
                    return ReactiveProblemWriter.write(exchange, problem, GatewayErrorCode.RATE_LIMITED.code());
                });
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static int burst(int configured, int perMinute) {
        return configured > 0 ? configured : perMinute;
    }

    private static long windowSeconds(int capacity, int perMinute) {
        return Math.max(1, Math.round(capacity * 60.0 / perMinute));
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
