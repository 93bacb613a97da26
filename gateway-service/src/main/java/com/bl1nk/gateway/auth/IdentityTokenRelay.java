package com.bl1nk.gateway.auth;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Hands the authenticated caller's identity to the service its route goes to, as a token the gateway signs with its
 * private key and addresses to that one service ({@code aud}), so a service cannot replay it against another.
 */
@Component
class IdentityTokenRelay implements GlobalFilter, Ordered {

    /** Routes that reach a service; their id is the service's workload name. */
    static final Set<String> SERVICE_ROUTES = Set.of("task", "rag", "mcp", "billing");

    private final IdentityTokenCodec codec;

    IdentityTokenRelay(IdentityTokenCodec codec) {
        this.codec = codec;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Authenticated authenticated = Authenticated.of(exchange).orElse(null);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return chain.filter(exchange);
        }
        if (authenticated == null || !SERVICE_ROUTES.contains(route.getId())) {
            // no routed service authenticates by cookie: a dashboard session never leaves the gateway
            return chain.filter(exchange.mutate()
                    .request(exchange.getRequest()
                            .mutate()
                            .headers(headers -> headers.remove(HttpHeaders.COOKIE))
                            .build())
                    .build());
        }
        String token = codec.mint(authenticated.identity(), route.getId());
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    headers.set(IdentityHeaders.IDENTITY, token);
                    headers.remove(HttpHeaders.COOKIE);
                })
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
