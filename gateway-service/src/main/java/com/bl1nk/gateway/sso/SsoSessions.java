package com.bl1nk.gateway.sso;

import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Where a completed SSO login becomes a dashboard session; the session feature implements it, so SSO needs none of it. */
public interface SsoSessions {

    /**
     * Signs the browser of {@code exchange} in as {@code userId} in {@code tenantId}. {@code confined}: the login came
     * from the tenant's own identity provider, which that tenant's administrators control, so the session must stay in
     * that tenant and never carry the person's platform-admin rights.
     */
    Mono<Void> establish(ServerWebExchange exchange, UUID userId, UUID tenantId, boolean confined);
}
