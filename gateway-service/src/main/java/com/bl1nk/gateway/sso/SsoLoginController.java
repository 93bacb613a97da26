package com.bl1nk.gateway.sso;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.tenant.TenantView;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The browser's side of an SSO login: {@code start} sends it to the tenant's provider, {@code callback} is where the
 * provider sends it back with the code. Open paths (no API key), rate limited per client IP; every failure is a 4xx
 * problem naming what went wrong (502 when the provider is unreachable).
 */
@RestController
@RequestMapping(SsoPaths.BASE + "/{tenantSlug}")
class SsoLoginController {

    private static final int MAX_RETURN_LENGTH = 2000;

    private final SsoLoginService logins;
    private final LoginAttempts attempts;
    private final SsoSessions sessions;
    private final SsoProperties properties;

    SsoLoginController(SsoLoginService logins, LoginAttempts attempts, SsoSessions sessions, SsoProperties properties) {
        this.logins = logins;
        this.attempts = attempts;
        this.sessions = sessions;
        this.properties = properties;
    }

    @Operation(summary = "Start an SSO login: 302 to the tenant's identity provider (authorization code + PKCE)")
    @ApiResponse(responseCode = "302", description = "To the provider's authorization endpoint")
    @Requires(Permission.SIGN_IN)
    @GetMapping("/start")
    Mono<ResponseEntity<Void>> start(
            @PathVariable String tenantSlug,
            @Parameter(description = "a path of this site to return to after the login, e.g. /admin")
                    @RequestParam(required = false)
                    String returnTo,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String back = returnTo(returnTo);
        String redirectUri = SsoLoginService.redirectUri(base(exchange), tenantSlug);
        return Blocking.call(() -> logins.target(logins.tenant(tenantSlug)))
                .flatMap(target -> attempts.start(
                                target.provider(), target.tenant().id(), redirectUri, back)
                        .map(started -> {
                            exchange.getResponse().addCookie(cookie(started.browser()));
                            return ResponseEntity.status(HttpStatus.FOUND)
                                    .location(URI.create(SsoLoginService.authorizationUrl(target, started)))
                                    .<Void>build();
                        }));
    }

    @Operation(summary = "The provider's redirect back: verifies the login, then 303 to the return path")
    @ApiResponse(responseCode = "303", description = "Signed in; to the return path")
    @Requires(Permission.SIGN_IN)
    @GetMapping("/callback")
    Mono<ResponseEntity<Void>> callback(
            @PathVariable String tenantSlug,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String error,
            @RequestParam(name = "error_description", required = false) String errorDescription,
            @RequestParam(required = false) String iss,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        HttpCookie browser = exchange.getRequest().getCookies().getFirst(LoginAttempts.COOKIE);
        AtomicReference<String> issuer = new AtomicReference<>();
        return Blocking.call(() -> logins.tenant(tenantSlug))
                .flatMap(tenant -> attempts.consume(state, browser == null ? null : browser.getValue(), tenant.id())
                        .flatMap(attempt -> {
                            issuer.set(attempt.issuer());
                            if (error != null) {
                                return Mono.error(SsoLoginException.of(
                                                GatewayErrorCode.SSO_PROVIDER_ERROR,
                                                "provider_error",
                                                "The identity provider did not sign you in ("
                                                        + OidcClient.printable(error)
                                                        + (errorDescription == null
                                                                ? ""
                                                                : ": " + OidcClient.printable(errorDescription))
                                                        + ")")
                                        .with("providerError", OidcClient.printable(error)));
                            }
                            if (code == null || code.isBlank() || code.length() > 4096) {
                                return Mono.error(SsoLoginException.of(
                                        GatewayErrorCode.SSO_PROVIDER_ERROR,
                                        "missing_code",
                                        "The identity provider sent no authorization code"));
                            }
                            return Blocking.call(() -> logins.complete(tenant, attempt, code, iss, ip))
                                    .flatMap(outcome -> sessions.establish(
                                                    exchange, outcome.userId(), outcome.tenantId(), outcome.confined())
                                            .thenReturn(ResponseEntity.status(HttpStatus.SEE_OTHER)
                                                    .location(URI.create(attempt.returnTo()))
                                                    .<Void>build()));
                        })
                        .onErrorResume(ApiException.class, e -> refused(tenant, issuer.get(), e, ip)));
    }

    private Mono<ResponseEntity<Void>> refused(TenantView tenant, String issuer, ApiException e, String ip) {
        String reason = e instanceof SsoLoginException sso ? sso.reason() : "error";
        String code = e.code();
        return Blocking.run(() -> logins.auditRefusal(tenant, issuer, code, reason, ip))
                .then(Mono.error(e));
    }

    private String returnTo(String requested) {
        if (requested == null || requested.isBlank()) {
            return properties.successRedirect();
        }
        boolean local = requested.startsWith("/")
                && !requested.startsWith("//")
                && !requested.startsWith("/\\")
                && requested.length() <= MAX_RETURN_LENGTH
                && requested.chars().noneMatch(c -> Character.isISOControl(c) || c == '\\');
        if (!local) {
            throw ApiException.invalidField(
                    "returnTo", "must be a path of this site starting with a single '/', at most 2000 characters");
        }
        try {
            URI.create(requested);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("returnTo", "is not a valid path");
        }
        return requested;
    }

    private String base(ServerWebExchange exchange) {
        if (properties.publicUrl() != null && !properties.publicUrl().isBlank()) {
            return properties.publicUrl().strip();
        }
        URI uri = exchange.getRequest().getURI();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private ResponseCookie cookie(String value) {
        return ResponseCookie.from(LoginAttempts.COOKIE, value)
                .httpOnly(true)
                .secure(properties.cookieSecure())
                .sameSite("Lax")
                .path(SsoPaths.BASE)
                .maxAge(properties.loginTimeout())
                .build();
    }
}
