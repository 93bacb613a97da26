package com.bl1nk.gateway.session;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.people.CompletePasswordResetRequest;
import com.bl1nk.gateway.people.FirstUserRequest;
import com.bl1nk.gateway.people.FirstUserService;
import com.bl1nk.gateway.people.InvitationService;
import com.bl1nk.gateway.people.PasswordResetRequest;
import com.bl1nk.gateway.people.PasswordResetService;
import com.bl1nk.gateway.people.PeopleService;
import com.bl1nk.gateway.people.UserAccount;
import com.bl1nk.gateway.sso.SsoPolicy;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import com.bl1nk.gateway.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sign-in and the signed-in session: password login, accepting an invitation and the first user's sign-up (open
 * paths, rate limited per client address; login also throttled per account), the session's view with its CSRF token, the user's sessions, signing out here
 * or everywhere, and switching tenant.
 */
@RestController
class AuthController {

    private final LoginSessions sessions;
    private final PeopleService people;
    private final com.bl1nk.gateway.people.Passwords passwords;
    private final InvitationService invitations;
    private final FirstUserService firstUsers;
    private final PasswordResetService resets;
    private final LoginThrottle throttle;
    private final AuditPublisher audit;
    private final SsoPolicy ssoPolicy;

    AuthController(
            LoginSessions sessions,
            PeopleService people,
            com.bl1nk.gateway.people.Passwords passwords,
            InvitationService invitations,
            FirstUserService firstUsers,
            PasswordResetService resets,
            LoginThrottle throttle,
            AuditPublisher audit,
            SsoPolicy ssoPolicy) {
        this.sessions = sessions;
        this.people = people;
        this.passwords = passwords;
        this.invitations = invitations;
        this.firstUsers = firstUsers;
        this.resets = resets;
        this.throttle = throttle;
        this.audit = audit;
        this.ssoPolicy = ssoPolicy;
    }

    @Operation(summary = "Sign in with e-mail and password; sets the session cookie and returns the CSRF token")
    @ApiResponse(responseCode = "200", description = "Signed in")
    @Requires(Permission.CREDENTIALS)
    @PostMapping("/api/v1/auth/login")
    Mono<SessionView> login(@RequestBody LoginRequest request, @Parameter(hidden = true) ServerWebExchange exchange) {
        FieldErrors errors = new FieldErrors();
        String email = PeopleService.normalizeEmail(request.email());
        if (email == null || email.isEmpty()) {
            errors.add("email", "must not be blank");
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add("password", "must not be blank");
        }
        errors.throwIfAny();
        String ip = ClientAddress.of(exchange);
        return throttle.lockedFor(email, ip).flatMap(locked -> {
            if (locked.isPresent()) {
                return Mono.error(ApiException.withRetryAfter(
                        GatewayErrorCode.LOGIN_THROTTLED,
                        "Too many failed sign-ins for this account or from this address; try again later",
                        locked.get()));
            }
            return Blocking.call(() -> verify(email, request.password())).flatMap(user -> {
                if (user.isEmpty()) {
                    return throttle.recordFailure(email, ip)
                            .then(Mono.error(ApiException.of(
                                    GatewayErrorCode.INVALID_CREDENTIALS, "The e-mail or the password is wrong")));
                }
                // asked only once the password is right, so the answer tells a stranger nothing about the account
                return throttle.recordSuccess(email)
                        .then(Blocking.run(() ->
                                ssoPolicy.requirePasswordLoginAllowed(user.get().id())))
                        .then(sessions.establish(exchange, user.get().id(), request.tenantId(), "password"))
                        .then(current(exchange));
            });
        });
    }

    @Operation(summary = "Accept an invitation: as the signed-in user, or as a new user with a name and password")
    @Requires(Permission.CREDENTIALS)
    @PostMapping("/api/v1/auth/invitations/accept")
    Mono<SessionView> acceptInvitation(
            @RequestBody AcceptInvitationRequest request, @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return sessions.resolve(exchange)
                .map(signedIn -> {
                    String token = exchange.getRequest().getHeaders().getFirst(SessionAuthenticationFilter.CSRF_HEADER);
                    if (token == null || !LoginSessions.csrfMatches(signedIn, token.strip())) {
                        throw ApiException.of(
                                token == null
                                        ? GatewayErrorCode.CSRF_TOKEN_MISSING
                                        : GatewayErrorCode.CSRF_TOKEN_INVALID,
                                "Accepting as the signed-in user needs the session's "
                                        + SessionAuthenticationFilter.CSRF_HEADER);
                    }
                    return signedIn;
                })
                .flatMap(signedIn -> Blocking.call(
                                () -> invitations.acceptAsUser(request.token(), signedIn.userId(), ip))
                        .flatMap(accepted -> sessions.switchTenant(exchange, signedIn, accepted.tenantId())))
                .map(signedIn -> Boolean.TRUE)
                .switchIfEmpty(Mono.defer(() -> Blocking.call(() -> invitations.acceptAsNewUser(
                                request.token(), request.displayName(), request.password(), ip))
                        .flatMap(accepted ->
                                sessions.establish(exchange, accepted.userId(), accepted.tenantId(), "invitation"))
                        .thenReturn(Boolean.TRUE)))
                .then(current(exchange));
    }

    @Operation(summary = "Create the first user (platform admin, owner of the platform tenant) with a first-user link")
    @Requires(Permission.CREDENTIALS)
    @PostMapping("/api/v1/auth/first-user")
    Mono<SessionView> firstUser(
            @RequestBody FirstUserRequest request, @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.call(() -> firstUsers.signUp(request, ip))
                .flatMap(created -> sessions.establish(exchange, created.userId(), created.tenantId(), "invitation"))
                .then(current(exchange));
    }

    @Operation(summary = "Mail a password-reset link if the e-mail has an account and SMTP is configured")
    @ApiResponse(responseCode = "202", description = "The same answer whether or not the e-mail has an account")
    @Requires(Permission.CREDENTIALS)
    @PostMapping("/api/v1/auth/password-reset")
    Mono<ResponseEntity<Void>> requestPasswordReset(
            @RequestBody PasswordResetRequest request, @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.run(() -> resets.requestByEmail(request.email(), ip))
                .thenReturn(ResponseEntity.accepted().build());
    }

    @Operation(summary = "Set a new password with a reset link; every session of the user ends")
    @ApiResponse(responseCode = "204", description = "Password changed")
    @Requires(Permission.CREDENTIALS)
    @PostMapping("/api/v1/auth/password-reset/complete")
    Mono<ResponseEntity<Void>> completePasswordReset(
            @RequestBody CompletePasswordResetRequest request, @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.call(() -> resets.complete(request.token(), request.password(), ip))
                .flatMap(sessions::endAll)
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Operation(summary = "The signed-in session: user, tenant, role and the CSRF token for changes")
    @Requires(Permission.ACCOUNT)
    @GetMapping("/api/v1/auth/session")
    Mono<SessionView> session(
            @Parameter(hidden = true) Identity identity, @Parameter(hidden = true) ServerWebExchange exchange) {
        return current(exchange);
    }

    @Operation(summary = "Sign out of this session")
    @ApiResponse(responseCode = "204", description = "Signed out")
    @Requires(Permission.ACCOUNT)
    @PostMapping("/api/v1/auth/logout")
    Mono<ResponseEntity<Void>> logout(
            @Parameter(hidden = true) Identity identity, @Parameter(hidden = true) ServerWebExchange exchange) {
        SignedIn signedIn = signedIn(exchange);
        return sessions.end(signedIn.session(), signedIn.userId())
                .then(audited(identity, "session.ended", signedIn.userId(), Map.of("ip", ClientAddress.of(exchange))))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Operation(summary = "Sign out of every session of the signed-in user, this one included")
    @ApiResponse(responseCode = "204", description = "Signed out everywhere")
    @Requires(Permission.ACCOUNT)
    @PostMapping("/api/v1/auth/logout-everywhere")
    Mono<ResponseEntity<Void>> logoutEverywhere(
            @Parameter(hidden = true) Identity identity, @Parameter(hidden = true) ServerWebExchange exchange) {
        SignedIn signedIn = signedIn(exchange);
        return sessions.endAll(signedIn.userId())
                .flatMap(count -> sessions.end(signedIn.session(), signedIn.userId())
                        .then(audited(
                                identity,
                                "session.ended_everywhere",
                                signedIn.userId(),
                                Map.of("sessions", count, "ip", ClientAddress.of(exchange)))))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Operation(summary = "The signed-in user's sessions (ids are handles, not session ids)")
    @Requires(Permission.ACCOUNT)
    @GetMapping("/api/v1/auth/sessions")
    Mono<Map<String, List<SessionSummary>>> list(
            @Parameter(hidden = true) Identity identity, @Parameter(hidden = true) ServerWebExchange exchange) {
        SignedIn signedIn = signedIn(exchange);
        return sessions.list(signedIn.userId(), signedIn.session().getId())
                .collectList()
                .map(items -> Map.of("items", items));
    }

    @Operation(summary = "End one of the signed-in user's sessions; it stops working on its next request")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @Requires(Permission.ACCOUNT)
    @DeleteMapping("/api/v1/auth/sessions/{id}")
    Mono<ResponseEntity<Void>> revoke(
            @Parameter(hidden = true) Identity identity,
            @PathVariable String id,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        SignedIn signedIn = signedIn(exchange);
        return sessions.revoke(signedIn.userId(), id).flatMap(revoked -> {
            if (!revoked) {
                return Mono.error(ApiException.notFound("session", id));
            }
            return audited(
                            identity,
                            "session.revoked",
                            signedIn.userId(),
                            Map.of("session", id, "ip", ClientAddress.of(exchange)))
                    .thenReturn(ResponseEntity.noContent().<Void>build());
        });
    }

    @Operation(summary = "Switch the session to another tenant the user belongs to")
    @Requires(Permission.ACCOUNT)
    @PutMapping("/api/v1/auth/session/tenant")
    Mono<SessionView> switchTenant(
            @Parameter(hidden = true) Identity identity,
            @RequestBody SwitchTenantRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        SignedIn signedIn = signedIn(exchange);
        if (request.tenantId() == null) {
            new FieldErrors().add("tenantId", "must not be blank").throwIfAny();
        }
        return sessions.switchTenant(exchange, signedIn, request.tenantId())
                .flatMap(moved -> Blocking.run(() -> audit.publish(AuditRecorded.success(
                                request.tenantId(),
                                identity.principal(),
                                "session.tenant_switched",
                                "user",
                                signedIn.userId().toString(),
                                Map.of("from", signedIn.tenantId().toString(), "ip", ClientAddress.of(exchange)))))
                        .then(sessions.view(moved)));
    }

    private Mono<SessionView> current(ServerWebExchange exchange) {
        // deferred: callers chain it after the session is established
        return Mono.defer(() -> sessions.view(signedIn(exchange)));
    }

    private java.util.Optional<UserAccount> verify(String email, String password) {
        java.util.Optional<UserAccount> user = people.findByEmail(email);
        String hash =
                user.filter(UserAccount::active).map(UserAccount::passwordHash).orElse(null);
        // the same Argon2 work whether or not the user exists, so the answer's timing tells nothing
        boolean matches = passwords.matches(password, hash);
        return matches ? user : java.util.Optional.empty();
    }

    private Mono<Void> audited(Identity identity, String action, UUID userId, Map<String, Object> details) {
        return Blocking.run(() -> audit.publish(AuditRecorded.success(
                identity.tenantId(), identity.principal(), action, "user", userId.toString(), details)));
    }

    /** The signed-in session of the request; API keys have none (400 {@code session_required}). */
    private static SignedIn signedIn(ServerWebExchange exchange) {
        SignedIn signedIn = exchange.getAttribute(SignedIn.ATTRIBUTE);
        if (signedIn == null) {
            throw ApiException.of(
                    GatewayErrorCode.SESSION_REQUIRED, "This endpoint is for a signed-in session, not an API key");
        }
        return signedIn;
    }
}
