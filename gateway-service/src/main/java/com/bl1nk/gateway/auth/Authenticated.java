package com.bl1nk.gateway.auth;

import com.bl1nk.common.identity.Identity;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * The outcome of API-key authentication, kept on the exchange for the filters and controllers that run after it.
 *
 * @param identity who is calling
 * @param rateLimitPerMinute the key's own rate limit, or {@code null} for the configured default
 */
public record Authenticated(Identity identity, Integer rateLimitPerMinute) {

    /** Exchange attribute holding the {@link Authenticated} of an authenticated request. */
    public static final String ATTRIBUTE = Authenticated.class.getName();

    /** The authentication of {@code exchange}, empty on open paths. */
    public static Optional<Authenticated> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }
}
