package com.bl1nk.gateway.session;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.people.MeView;
import com.bl1nk.gateway.people.PeopleService;
import com.bl1nk.gateway.people.TenantMembership;
import com.bl1nk.gateway.people.UserAccount;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Starts, reads and ends the sessions of signed-in people: the one way a session begins (password, OIDC or an accepted
 * invitation alike), with a new session id every time, a fresh CSRF token, the idle and absolute timeouts enforced on
 * the gateway's clock, and a per-user index for listing and revoking.
 */
@Component
public class LoginSessions {

    /** Longest user agent kept with a session. */
    private static final int MAX_USER_AGENT = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeopleService people;
    private final SessionIndex index;
    private final ReactiveSessionRepository<? extends Session> repository;
    private final SessionProperties properties;
    private final AuditPublisher audit;
    private final Clock clock;

    LoginSessions(
            PeopleService people,
            SessionIndex index,
            ReactiveRedisSessionRepository repository,
            SessionProperties properties,
            AuditPublisher audit,
            Optional<Clock> clock) {
        this.people = people;
        this.index = index;
        this.repository = repository;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /**
     * Starts a signed-in session for the user (new session id), in tenantId or, when null, the user's first tenant;
     * method is "password", "oidc", "oidc-tenant" (confined to that tenant, without platform-admin rights) or
     * "invitation". Errors if the user is disabled or has no tenant.
     */
    /** The method of a login a tenant's own identity provider vouched for: the session is confined to that tenant. */
    static final String OIDC_TENANT = "oidc-tenant";

    public Mono<Void> establish(ServerWebExchange exchange, UUID userId, @Nullable UUID tenantId, String method) {
        String ip = ClientAddress.of(exchange);
        String userAgent = userAgent(exchange);
        return Blocking.call(() -> choose(userId, tenantId))
                .flatMap(tenant -> exchange.getSession().flatMap(session -> {
                    Object previous = session.getAttributes().get(SessionAttributes.USER);
                    Mono<Void> forget = previous == null
                            ? Mono.empty()
                            : index.remove(UUID.fromString(previous.toString()), session.getId());
                    return forget.then(Mono.fromRunnable(
                                    () -> session.getAttributes().clear()))
                            .then(Mono.defer(session::changeSessionId))
                            .then(Mono.defer(() -> {
                                long now = clock.millis();
                                Map<String, Object> attributes = session.getAttributes();
                                attributes.put(SessionAttributes.USER, userId.toString());
                                attributes.put(
                                        SessionAttributes.TENANT,
                                        tenant.tenantId().toString());
                                attributes.put(SessionAttributes.METHOD, method);
                                if (OIDC_TENANT.equals(method)) {
                                    attributes.put(
                                            SessionAttributes.CONFINED_TO,
                                            tenant.tenantId().toString());
                                }
                                attributes.put(SessionAttributes.CSRF, newCsrfToken());
                                attributes.put(SessionAttributes.SIGNED_IN_AT, now);
                                attributes.put(SessionAttributes.LAST_SEEN, now);
                                attributes.put(SessionAttributes.IP, ip);
                                attributes.put(SessionAttributes.USER_AGENT, userAgent);
                                session.start();
                                exchange.getAttributes().put(SignedIn.ATTRIBUTE, signedIn(session));
                                return index.add(userId, session.getId());
                            }));
                }))
                .then(Blocking.run(() -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("method", method);
                    details.put("ip", ip);
                    details.put("userAgent", userAgent);
                    audit.publish(AuditRecorded.success(
                            tenantOf(exchange),
                            PeopleService.USER_PRINCIPAL + userId,
                            "session.created",
                            "user",
                            userId.toString(),
                            details));
                }));
    }

    /**
     * The request's signed-in session if it still stands; one past its idle or absolute timeout is ended here and
     * reads as none. Marks the session as seen now.
     */
    Mono<SignedIn> resolve(ServerWebExchange exchange) {
        SignedIn known = exchange.getAttribute(SignedIn.ATTRIBUTE);
        if (known != null) {
            return Mono.just(known);
        }
        if (!exchange.getRequest().getCookies().containsKey(properties.cookieName())) {
            return Mono.empty();
        }
        return exchange.getSession().flatMap(session -> {
            if (session.getAttributes().get(SessionAttributes.USER) == null) {
                return Mono.empty();
            }
            SignedIn signedIn = signedIn(session);
            long now = clock.millis();
            long lastSeen = millis(session, SessionAttributes.LAST_SEEN);
            boolean idle = now - lastSeen >= properties.idleTimeout().toMillis();
            boolean over = now - signedIn.signedInAt().toEpochMilli()
                    >= properties.absoluteTimeout().toMillis();
            if (idle || over) {
                return end(session, signedIn.userId()).then(Mono.empty());
            }
            return index.endedBefore(signedIn.userId()).flatMap(cutoff -> {
                if (signedIn.signedInAt().toEpochMilli() < cutoff) {
                    // the user signed out everywhere (or reset the password) after this session began
                    return end(session, signedIn.userId()).then(Mono.<SignedIn>empty());
                }
                session.getAttributes().put(SessionAttributes.LAST_SEEN, now);
                exchange.getAttributes().put(SignedIn.ATTRIBUTE, signedIn);
                return Mono.just(signedIn);
            });
        });
    }

    /** Name of the session cookie. */
    String cookieName() {
        return properties.cookieName();
    }

    /** Ends a session: gone from Redis and from the user's index; the cookie is cleared with the response. */
    Mono<Void> end(WebSession session, UUID userId) {
        return index.remove(userId, session.getId()).then(session.invalidate());
    }

    /** The view of a signed-in session, with the user's tenants read now. */
    Mono<SessionView> view(SignedIn signedIn) {
        return Blocking.call(() -> {
            UserAccount user =
                    people.findById(signedIn.userId()).orElseThrow(() -> ApiException.unauthorized("Sign in again"));
            List<TenantMembership> tenants = people.tenantsOf(user.id());
            String role = tenants.stream()
                    .filter(t -> t.tenantId().equals(signedIn.tenantId()))
                    .map(TenantMembership::role)
                    .findFirst()
                    .orElse(null);
            return new SessionView(
                    new MeView.User(user.id(), user.email(), user.displayName(), user.platformAdmin()),
                    signedIn.tenantId(),
                    role,
                    tenants,
                    signedIn.method(),
                    signedIn.csrfToken(),
                    signedIn.signedInAt(),
                    signedIn.signedInAt().plus(properties.absoluteTimeout()),
                    properties.idleTimeout().toSeconds());
        });
    }

    /** Every live session of the user, newest first; ids of ended ones are pruned from the index. */
    Flux<SessionSummary> list(UUID userId, String currentSessionId) {
        return index.members(userId)
                .flatMap(id -> repository
                        .findById(id)
                        .map(session -> Optional.of(summary((Session) session, id.equals(currentSessionId))))
                        .switchIfEmpty(index.remove(userId, id).thenReturn(Optional.empty())))
                .flatMap(summary -> Mono.justOrEmpty(summary))
                .sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
    }

    /** Ends the user's session with this handle; false when the user has none such. */
    Mono<Boolean> revoke(UUID userId, String handle) {
        return index.members(userId)
                .filter(id -> handle(id).equals(handle))
                .next()
                .flatMap(id ->
                        repository.deleteById(id).then(index.remove(userId, id)).thenReturn(true))
                .defaultIfEmpty(false);
    }

    /** Ends every session of the user (the current one included). */
    Mono<Long> endAll(UUID userId) {
        return index.endAllBefore(userId, clock.millis())
                .thenMany(index.members(userId))
                .flatMap(id -> repository.deleteById(id).thenReturn(id))
                .count()
                .flatMap(count -> index.clear(userId).thenReturn(count));
    }

    /**
     * Moves the session to another tenant of the user; 403 {@code no_tenant} when not a member there, or when a
     * tenant's own identity provider signed the person in (such a session stays in that tenant).
     */
    Mono<SignedIn> switchTenant(ServerWebExchange exchange, SignedIn signedIn, UUID tenantId) {
        Object confined = signedIn.session().getAttributes().get(SessionAttributes.CONFINED_TO);
        if (confined != null && !confined.toString().equals(tenantId.toString())) {
            return Mono.error(ApiException.of(
                    GatewayErrorCode.NO_TENANT,
                    "This session was signed in by the tenant's own identity provider and stays in that tenant; sign"
                            + " in with your password (or that tenant's SSO) to use another tenant"));
        }
        return Blocking.call(() -> choose(signedIn.userId(), tenantId)).map(tenant -> {
            signedIn.session()
                    .getAttributes()
                    .put(SessionAttributes.TENANT, tenant.tenantId().toString());
            SignedIn moved = signedIn(signedIn.session());
            exchange.getAttributes().put(SignedIn.ATTRIBUTE, moved);
            return moved;
        });
    }

    /** Whether {@code token} is the session's CSRF token (constant-time). */
    static boolean csrfMatches(SignedIn signedIn, String token) {
        return token != null
                && MessageDigest.isEqual(
                        signedIn.csrfToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The public handle of a session id: a hash, so listing sessions never shows a working session id. */
    static String handle(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TenantMembership choose(UUID userId, @Nullable UUID tenantId) {
        UserAccount user = people.findById(userId).orElseThrow(() -> ApiException.notFound("user", userId));
        if (!user.active()) {
            throw ApiException.of(GatewayErrorCode.ACCOUNT_DISABLED, "This user account is disabled");
        }
        List<TenantMembership> tenants = people.tenantsOf(userId).stream()
                .filter(TenantMembership::active)
                .toList();
        if (tenantId != null) {
            return tenants.stream()
                    .filter(t -> t.tenantId().equals(tenantId))
                    .findFirst()
                    .orElseThrow(() ->
                            ApiException.of(GatewayErrorCode.NO_TENANT, "You are not a member of tenant " + tenantId));
        }
        return tenants.stream()
                .findFirst()
                .orElseThrow(() -> ApiException.of(
                        GatewayErrorCode.NO_TENANT, "You belong to no active tenant; ask an admin for an invitation"));
    }

    private static UUID tenantOf(ServerWebExchange exchange) {
        SignedIn signedIn = exchange.getAttribute(SignedIn.ATTRIBUTE);
        return signedIn.tenantId();
    }

    private SessionSummary summary(Session session, boolean current) {
        Object lastSeen = session.getAttribute(SessionAttributes.LAST_SEEN);
        Object signedInAt = session.getAttribute(SessionAttributes.SIGNED_IN_AT);
        Object tenant = session.getAttribute(SessionAttributes.TENANT);
        return new SessionSummary(
                handle(session.getId()),
                tenant == null ? null : UUID.fromString(tenant.toString()),
                (String) session.getAttribute(SessionAttributes.METHOD),
                signedInAt instanceof Long l ? Instant.ofEpochMilli(l) : session.getCreationTime(),
                lastSeen instanceof Long l ? Instant.ofEpochMilli(l) : session.getLastAccessedTime(),
                (String) session.getAttribute(SessionAttributes.IP),
                (String) session.getAttribute(SessionAttributes.USER_AGENT),
                current);
    }

    private static SignedIn signedIn(WebSession session) {
        Map<String, Object> attributes = session.getAttributes();
        return new SignedIn(
                session,
                UUID.fromString(attributes.get(SessionAttributes.USER).toString()),
                UUID.fromString(attributes.get(SessionAttributes.TENANT).toString()),
                (String) attributes.get(SessionAttributes.METHOD),
                (String) attributes.get(SessionAttributes.CSRF),
                Instant.ofEpochMilli(millis(session, SessionAttributes.SIGNED_IN_AT)));
    }

    private static long millis(WebSession session, String attribute) {
        Object value = session.getAttributes().get(attribute);
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static String newCsrfToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String userAgent(ServerWebExchange exchange) {
        String agent = exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT);
        if (agent == null) {
            return "";
        }
        agent = agent.replaceAll("\\p{Cntrl}", "");
        return agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent;
    }
}
