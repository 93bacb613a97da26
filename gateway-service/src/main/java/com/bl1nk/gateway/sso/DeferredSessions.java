package com.bl1nk.gateway.sso;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Until dashboard sessions exist, a completed SSO login writes the user and membership and starts no session. */
@Component
class DeferredSessions implements SsoSessions {

    @Override
    public Mono<Void> establish(ServerWebExchange exchange, UUID userId, UUID tenantId) {
        return Mono.empty();
    }
}
