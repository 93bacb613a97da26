package com.bl1nk.gateway.auth;

import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.error.ReactiveProblemWriter;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.gateway.apikey.ApiKeyLookup;
import com.bl1nk.gateway.apikey.ApiKeyToken;
import com.bl1nk.gateway.apikey.ApiKeyUsageRecorder;
import com.bl1nk.gateway.apikey.KeyRoles;
import com.bl1nk.gateway.apikey.StoredApiKey;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.web.ClientAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request that is not on an {@link OpenPaths open path} by its {@code bl1nk_} API key, and
 * drops whatever identity the client claimed; {@link IdentityTokenRelay} mints the token the routed service gets. A WebFilter rather than a
 * gateway GlobalFilter so the gateway's own control-plane endpoints are covered by the same check.
 */
@Component
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

    /** After trace, CORS and body size; before rate limiting, which needs the key. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    private static final String INTERNAL_HEADER_PREFIX = "x-bl1nk-";
    private static final String BEARER = "bearer ";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final ApiKeyLookup lookup;
    private final ApiKeyUsageRecorder usage;
    private final InvalidKeyLimiter invalidKeys;
    private final Clock clock;

    ApiKeyAuthenticationFilter(
            ApiKeyLookup lookup, ApiKeyUsageRecorder usage, InvalidKeyLimiter invalidKeys, Optional<Clock> clock) {
        this.lookup = lookup;
        this.usage = usage;
        this.invalidKeys = invalidKeys;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (OpenPaths.isOpen(request.getPath().pathWithinApplication())) {
            return chain.filter(stripInternalHeaders(exchange));
        }
        List<String> authorization = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
        if (authorization.isEmpty() && Authenticated.of(exchange).isPresent()) {
            // a signed-in session authenticated it just before (gateway.session); an Authorization header wins
            return chain.filter(stripInternalHeaders(exchange));
        }
        if (authorization.isEmpty()) {
            return reject(
                    exchange,
                    null,
                    "An API key is required: send the header 'Authorization: Bearer bl1nk_<prefix>_<secret><checksum>'"
                            + " (or sign in: POST /api/v1/auth/login)");
        }
        String value = authorization.size() == 1 ? authorization.get(0).strip() : "";
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return reject(
                    exchange,
                    "invalid_request",
                    "The Authorization header must be a single 'Bearer bl1nk_<prefix>_<secret><checksum>' API key");
        }
        String presented = value.substring(BEARER.length()).strip();
        if (ApiKeyToken.shape(presented) == ApiKeyToken.Shape.BAD_CHECKSUM) {
            // a typo or a made-up key: refused before the cache or the database is asked, and counted like any
            // invalid key for this address
            return invalidKeys
                    .recordFailure(exchange)
                    .then(Mono.defer(() -> reject(
                            exchange, "invalid_token", "The API key is not valid: its checksum does not match")));
        }
        Optional<ApiKeyToken> parsed = ApiKeyToken.parse(presented);
        if (parsed.isEmpty()) {
            return invalidKeys
                    .recordFailure(exchange)
                    .then(Mono.defer(() -> reject(
                            exchange,
                            "invalid_token",
                            "The API key is malformed: expected 'bl1nk_<prefix>_<secret><checksum>'")));
        }
        ApiKeyToken token = parsed.get();
        // A key found in the cache is checked at once, even during a flood from its address; only keys that would
        // need the database wait behind the invalid-key limit, so made-up keys cannot load it.
        return lookup.findCached(token.prefix())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(cached -> {
                    if (cached.isPresent()) {
                        return authenticate(exchange, chain, token, cached);
                    }
                    return invalidKeys.exhausted(exchange).flatMap(exhausted -> {
                        if (exhausted) {
                            exchange.getResponse()
                                    .getHeaders()
                                    .set(HttpHeaders.RETRY_AFTER, Long.toString(invalidKeys.retryAfterSeconds()));
                            return ReactiveProblemWriter.write(
                                    exchange,
                                    GatewayErrorCode.TOO_MANY_INVALID_KEYS,
                                    "Too many invalid API keys from this address; try again in a minute");
                        }
                        return lookup.findStored(token.prefix())
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty())
                                .flatMap(found -> authenticate(exchange, chain, token, found));
                    });
                });
    }

    private Mono<Void> authenticate(
            ServerWebExchange exchange, WebFilterChain chain, ApiKeyToken token, Optional<StoredApiKey> found) {
        if (found.isEmpty() || !token.matches(found.get().secretHash())) {
            return invalidKeys
                    .recordFailure(exchange)
                    .then(Mono.defer(() -> reject(exchange, "invalid_token", "The API key is not valid")));
        }
        StoredApiKey key = found.get();
        Instant now = clock.instant();
        if (key.revoked()) {
            return reject(exchange, "invalid_token", "The API key has been revoked");
        }
        if (key.expiredAt(now)) {
            return reject(exchange, "invalid_token", "The API key expired at " + key.expiresAt());
        }
        if (!key.tenantActive()) {
            return reject(exchange, "invalid_token", "The tenant of this API key is suspended");
        }
        if (key.ownerDisabled()) {
            return reject(exchange, "invalid_token", "The service account that owns this API key is disabled");
        }
        if (key.ownerUserId() == null) {
            return admit(exchange, chain, key, new LinkedHashSet<>(key.roles()), now);
        }
        // a user-owned key works only while its owner is an active member, and never above the owner's role there
        return lookup.activeMemberRole(key.tenantId(), key.ownerUserId())
                .map(OwnerCheck::of)
                .onErrorResume(DataAccessException.class, e -> {
                    log.warn("Could not check the owner of API key {}: {}", key.id(), e.toString());
                    return Mono.just(OwnerCheck.UNAVAILABLE);
                })
                .flatMap(check -> {
                    if (check == OwnerCheck.UNAVAILABLE) {
                        // fail closed, and say it is ours
                        return ReactiveProblemWriter.write(
                                exchange,
                                CommonErrorCode.SERVICE_UNAVAILABLE,
                                "The owner of this API key could not be checked right now; try again shortly");
                    }
                    if (check.role() == null) {
                        return reject(
                                exchange,
                                "invalid_token",
                                "The user who owns this API key is no longer an active member of its tenant");
                    }
                    return admit(exchange, chain, key, KeyRoles.cappedAt(key.roles(), check.role()), now);
                });
    }

    /** The owning user's role in the key's tenant ({@code null}: not an active member), or the check failed. */
    private record OwnerCheck(String role) {
        static final OwnerCheck UNAVAILABLE = new OwnerCheck("\u0000unavailable");

        static OwnerCheck of(Optional<String> role) {
            return new OwnerCheck(role.orElse(null));
        }
    }

    private Mono<Void> admit(
            ServerWebExchange exchange, WebFilterChain chain, StoredApiKey key, Set<String> roles, Instant now) {
        Identity identity = new Identity(
                key.tenantId(),
                "key:" + key.id(),
                roles,
                new LinkedHashSet<>(key.scopes()),
                key.id(),
                key.allowedModels());
        usage.recordUse(key.id(), now, ClientAddress.of(exchange));
        exchange.getAttributes().put(Authenticated.ATTRIBUTE, new Authenticated(identity, key.rateLimitPerMinute()));
        return chain.filter(stripInternalHeaders(exchange));
    }

    /**
     * Drops every client-sent {@code X-Bl1nk-*} header (only the gateway may speak for an identity) and the API key
     * itself (services never see it); {@link IdentityTokenRelay} adds the token for the service the route goes to.
     */
    private static ServerWebExchange stripInternalHeaders(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    List<String> internal = new ArrayList<>();
                    for (String name : headers.headerNames()) {
                        if (name.toLowerCase(Locale.ROOT).startsWith(INTERNAL_HEADER_PREFIX)) {
                            internal.add(name);
                        }
                    }
                    internal.forEach(headers::remove);
                    headers.remove(HttpHeaders.AUTHORIZATION);
                })
                .build();
        return exchange.mutate().request(request).build();
    }

    private static Mono<Void> reject(ServerWebExchange exchange, String bearerError, String detail) {
        String challenge = bearerError == null
                ? "Bearer realm=\"bl1nk\""
                : "Bearer realm=\"bl1nk\", error=\"" + bearerError + "\"";
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return ReactiveProblemWriter.write(exchange, CommonErrorCode.UNAUTHENTICATED, detail);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
