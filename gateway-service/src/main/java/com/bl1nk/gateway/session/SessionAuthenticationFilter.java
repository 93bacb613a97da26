package com.bl1nk.gateway.session;

import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.error.ReactiveProblemWriter;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.gateway.auth.Authenticated;
import com.bl1nk.gateway.auth.OpenPaths;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.people.PeopleService;
import com.bl1nk.gateway.people.SessionAccess;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.web.Blocking;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates requests that carry a signed-in session cookie and no {@code Authorization} header (a header always
 * wins): the session becomes an {@link Identity} in its current tenant with the membership role read afresh, so a
 * removed member or a disabled user is out on the next request. Every state change made with the cookie must carry the
 * session's CSRF token. The session cookie is taken out of the request, so routed services never see it. Runs just
 * before the API-key filter, which lets an authenticated exchange pass.
 */
@Component
class SessionAuthenticationFilter implements WebFilter, Ordered {

    /** The header that carries the session's CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    /** Just before API-key authentication. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 29;

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final LoginSessions sessions;
    private final PeopleService people;

    SessionAuthenticationFilter(LoginSessions sessions, PeopleService people) {
        this.sessions = sessions;
        this.people = people;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (OpenPaths.isOpen(exchange.getRequest().getPath().pathWithinApplication())
                || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return chain.filter(exchange);
        }
        boolean hadCookie = exchange.getRequest().getCookies().containsKey(sessionCookie());
        return sessions.resolve(exchange)
                .flatMap(signedIn -> Blocking.call(() -> people.access(signedIn.userId(), signedIn.tenantId()))
                        .flatMap(access -> admit(exchange, chain, signedIn, access)))
                .switchIfEmpty(Mono.defer(() -> hadCookie
                        ? ReactiveProblemWriter.write(
                                exchange,
                                CommonErrorCode.UNAUTHENTICATED,
                                "Your session has ended (signed out, revoked or timed out); sign in again")
                        : chain.filter(exchange)));
    }

    private Mono<Void> admit(
            ServerWebExchange exchange, WebFilterChain chain, SignedIn signedIn, SessionAccess access) {
        if (!access.allowed()) {
            String reason = !access.userActive()
                    ? "This user account is disabled"
                    : "You are no longer a member of this tenant";
            return sessions.end(signedIn.session(), signedIn.userId())
                    .then(ReactiveProblemWriter.write(
                            exchange, CommonErrorCode.UNAUTHENTICATED, reason + "; sign in again"));
        }
        HttpMethod method = exchange.getRequest().getMethod();
        if (!SAFE.contains(method)) {
            String token = exchange.getRequest().getHeaders().getFirst(CSRF_HEADER);
            if (token == null || token.isBlank()) {
                return ReactiveProblemWriter.write(
                        exchange,
                        GatewayErrorCode.CSRF_TOKEN_MISSING,
                        "A change made with the session cookie needs the header " + CSRF_HEADER
                                + " (its value is csrfToken of GET /api/v1/auth/session)");
            }
            if (!LoginSessions.csrfMatches(signedIn, token.strip())) {
                return ReactiveProblemWriter.write(
                        exchange, GatewayErrorCode.CSRF_TOKEN_INVALID, "The " + CSRF_HEADER + " is not this session's");
            }
        }
        Identity identity = new Identity(
                signedIn.tenantId(),
                PeopleService.USER_PRINCIPAL + signedIn.userId(),
                Set.of(access.role()),
                // a tenant's own identity provider can vouch for its tenant only, never for platform-admin rights
                access.platformAdmin() && !confined(signedIn) ? Set.of(TenantService.PLATFORM_ADMIN) : Set.of(),
                null);
        exchange.getAttributes().put(Authenticated.ATTRIBUTE, new Authenticated(identity, null));
        return chain.filter(withoutSessionCookie(exchange));
    }

    private static boolean confined(SignedIn signedIn) {
        return signedIn.session().getAttributes().get(SessionAttributes.CONFINED_TO) != null;
    }

    /**
     * The exchange without the session cookie in its request headers, so no routed service ever sees it (the session
     * itself is already resolved and kept by the exchange).
     */
    private ServerWebExchange withoutSessionCookie(ServerWebExchange exchange) {
        String prefix = sessionCookie() + "=";
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    List<String> kept = new ArrayList<>();
                    for (String header : headers.getOrEmpty(HttpHeaders.COOKIE)) {
                        for (String pair : header.split(";")) {
                            String cookie = pair.strip();
                            if (!cookie.isEmpty() && !cookie.startsWith(prefix)) {
                                kept.add(cookie);
                            }
                        }
                    }
                    headers.remove(HttpHeaders.COOKIE);
                    if (!kept.isEmpty()) {
                        headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
                    }
                })
                .build();
        return exchange.mutate().request(request).build();
    }

    private String sessionCookie() {
        return sessions.cookieName();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
