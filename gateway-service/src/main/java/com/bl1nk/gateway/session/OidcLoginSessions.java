package com.bl1nk.gateway.session;

import com.bl1nk.gateway.sso.SsoSessions;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A completed SSO login becomes a session like any other sign-in, with method {@code oidc}, or {@code oidc-tenant} (confined
 * to its tenant) when a tenant's own provider vouched for the person.
 */
@Component
class OidcLoginSessions implements SsoSessions {

    private final LoginSessions sessions;

    OidcLoginSessions(LoginSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Mono<Void> establish(ServerWebExchange exchange, UUID userId, UUID tenantId, boolean confined) {
        return sessions.establish(exchange, userId, tenantId, confined ? LoginSessions.OIDC_TENANT : "oidc");
    }
}
