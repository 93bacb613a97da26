package com.bl1nk.gateway.auth;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Paths served without an API key: probes and metrics, API docs, the static admin page, the GitHub webhook (which
 * task-service authenticates by its signature instead), and sign-in (password, invitation and first-user links, and
 * the SSO steps, which prove themselves by their state).
 */
public final class OpenPaths {

    /** The webhook paths; they are open but rate limited per client IP. */
    public static final List<String> WEBHOOKS = List.of("/api/v1/webhooks/github");

    /** Sign-in paths: open (the request carries a password or a link token) but rate limited per client IP. */
    public static final List<String> SIGN_IN = List.of(
            "/api/v1/auth/login",
            "/api/v1/auth/invitations/accept",
            "/api/v1/auth/first-user",
            "/api/v1/auth/password-reset",
            "/api/v1/auth/password-reset/complete");

    private static final List<PathPattern> PATTERNS = compile(List.of(
            // the load balancer's probes on the public port; the rest of actuator is on the management port only
            "/livez",
            "/readyz",
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/prometheus",
            "/actuator/info",
            "/v3/api-docs/**",
            "/docs",
            "/docs/**",
            "/webjars/**",
            "/swagger-ui/**",
            "/admin",
            "/admin/**",
            "/favicon.ico",
            "/api/v1/webhooks/github",
            "/api/v1/auth/login",
            "/api/v1/auth/invitations/accept",
            "/api/v1/auth/first-user",
            "/api/v1/auth/password-reset",
            "/api/v1/auth/password-reset/complete",
            // signing in: the SSO start and the provider's callback (rate limited per IP, see RateLimitProperties)
            "/api/v1/auth/sso/**"));

    private OpenPaths() {}

    /** Whether {@code path} needs no API key. */
    public static boolean isOpen(PathContainer path) {
        for (PathPattern pattern : PATTERNS) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<PathPattern> compile(List<String> patterns) {
        return patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }
}
